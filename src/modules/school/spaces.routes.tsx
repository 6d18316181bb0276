import type { FastifyInstance } from 'fastify';
import { registerBlogRoutes } from './blogs/blogs.routes.tsx';
import { registerDocumentRoutes } from './documents/documents.routes.tsx';
import { registerMessagingRoutes } from './messaging/messaging.routes.tsx';

/** The school's own services, each in its folder: messaging (issue 22 §1), blogs (§2), documents (§3). */
export function registerSpacesRoutes(app: FastifyInstance): void {
  registerMessagingRoutes(app);
  registerBlogRoutes(app);
  registerDocumentRoutes(app);
}
