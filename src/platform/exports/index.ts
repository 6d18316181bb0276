/** Exports for every module: build a sheet with `sheetOf`, send it with `sendExport` (CSV or ODS). */
export { toCsv } from './csv.ts';
export { ODS_MEDIA_TYPE, toOds } from './ods.ts';
export { EXPORT_FORMATS, encodeExport, type ExportFormat, sendDownload, sendExport } from './send-export.ts';
export {
  centsToDecimal,
  type ExportCell,
  type ExportColumn,
  type ExportColumnOf,
  type ExportColumnType,
  type ExportSheet,
  sheetOf,
} from './table-export.ts';
