// One reader for the API's two upload forms (manual acceptance with a signed PDF, invoice details
// with a purchase order): multipart/form-data or JSON, at most one file under one field name.
import multipart from '@fastify/multipart';
import type { FastifyRequest } from 'fastify';
import type { App } from './deps.js';
import { AppError } from './errors.js';

export interface UploadedFile {
  filename: string | null;
  content: Buffer;
}

export interface FormInput {
  fields: Record<string, unknown>;
  file?: UploadedFile;
}

export interface UploadLimits {
  /** The one field that may carry a file. */
  fileField: string;
  /** What the 422 for another file field says. */
  wrongFieldMessage: string;
  maxFileBytes: number;
  maxFields: number;
}

/**
 * Registers multipart parsing in a scope of its own, so that no other route accepts multipart
 * bodies, and the routes inside get a body limit that fits the file.
 */
export function registerUploadScope(app: App, limits: UploadLimits, routes: (scope: App) => void): void {
  void app.register(async (plain) => {
    const scope = plain as unknown as App;
    await scope.register(multipart, {
      limits: { fileSize: limits.maxFileBytes, files: 1, fields: limits.maxFields, fieldSize: 1024 },
      throwFileSizeLimit: true,
    });
    routes(scope);
  });
}

/** The request body limit for an upload route: the file and room for the other fields. */
export const uploadBodyLimit = (limits: UploadLimits) => limits.maxFileBytes + 64 * 1024;

/**
 * A body the multipart parser cannot read (truncated, no boundary, garbage) is the client's error:
 * a 400, never a 500. Limits (413) and our own 422s pass through as they are.
 */
function malformed(error: unknown): unknown {
  if (error instanceof AppError) return error;
  const status = (error as { statusCode?: unknown }).statusCode;
  if (status === 413) return error;
  return new AppError('bad_request', 'The multipart body is malformed or truncated.');
}

/** Fields and the file of a multipart body (even an empty one: the caller decides), or the fields of a JSON one. */
export async function readForm(request: FastifyRequest, limits: UploadLimits): Promise<FormInput> {
  const fields: Record<string, unknown> = {};
  let file: UploadedFile | undefined;
  if (request.isMultipart()) {
    try {
      for await (const part of request.parts()) {
        if (part.type === 'file') {
          const content = await part.toBuffer(); // a 413 past the file size limit
          if (part.fieldname !== limits.fileField) {
            throw new AppError('unprocessable', 'The request body is invalid.', [
              { propertyPath: part.fieldname, message: limits.wrongFieldMessage, code: 'unknown_field' },
            ]);
          }
          file = { filename: part.filename || null, content };
        } else {
          fields[part.fieldname] = part.value;
        }
      }
    } catch (error) {
      throw malformed(error);
    }
  } else if (request.body && typeof request.body === 'object') {
    Object.assign(fields, request.body);
  }
  return file ? { fields, file } : { fields };
}
