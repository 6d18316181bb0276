import type { ComponentChildren } from 'preact';

/**
 * Small labelled controls for pages holding many forms (one per status, transition or action): each takes its own
 * id, where the platform's fields derive theirs from the input's name, which repeats from one form to the next.
 */
export function Input(props: {
  id: string;
  name: string;
  label: ComponentChildren;
  value?: string | number | undefined;
  hint?: string;
  width?: 'short' | 'medium' | 'full';
  type?: 'text' | 'url' | 'email';
}) {
  return (
    <div class="field">
      <label class="field__label" for={props.id}>
        {props.label}
      </label>
      {props.hint ? (
        <p class="field__hint" id={`${props.id}-aide`}>
          {props.hint}
        </p>
      ) : null}
      <input
        class={`input input--${props.width ?? 'full'}`}
        id={props.id}
        name={props.name}
        type={(props.type ?? 'text') as 'text'}
        value={props.value ?? ''}
        aria-describedby={props.hint ? `${props.id}-aide` : undefined}
      />
    </div>
  );
}

export function Area(props: { id: string; name: string; label: string; value: string; rows?: number }) {
  return (
    <div class="field">
      <label class="field__label" for={props.id}>
        {props.label}
      </label>
      <textarea class="input input--full" id={props.id} name={props.name} rows={props.rows ?? 4}>
        {props.value}
      </textarea>
    </div>
  );
}

export function Pick(props: {
  id: string;
  name: string;
  label: string;
  value: string | undefined;
  choices: Array<{ value: string; label: string }>;
}) {
  return (
    <div class="field">
      <label class="field__label" for={props.id}>
        {props.label}
      </label>
      <select class="input input--medium" id={props.id} name={props.name}>
        {props.choices.map((c) => (
          <option value={c.value} selected={c.value === props.value}>
            {c.label}
          </option>
        ))}
      </select>
    </div>
  );
}

export function Tick(props: { id: string; name: string; label: string; checked: boolean; value?: string }) {
  return (
    <div class="choice">
      <input
        class="choice__input"
        type="checkbox"
        id={props.id}
        name={props.name}
        value={props.value ?? 'oui'}
        checked={props.checked}
      />
      <label class="choice__label" for={props.id}>
        {props.label}
      </label>
    </div>
  );
}

/** A finding of the validator, next to the element it is about. */
export function Findings({ id, messages }: { id: string; messages: string[] }) {
  if (!messages.length) return null;
  return (
    <div class="notice notice--warning studio-findings" id={id}>
      <p class="notice__title">À corriger avant de publier</p>
      <ul>
        {messages.map((m) => (
          <li>{m}</li>
        ))}
      </ul>
    </div>
  );
}
