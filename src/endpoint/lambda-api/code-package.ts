// A function's code as the API sends it: a .zip file, base64 in the JSON body (Code.ZipFile for
// CreateFunction, ZipFile for UpdateFunctionCode). It is unpacked into a temporary folder, which
// the service copies; the folder goes once the service has its copy. S3 locations and container
// images cannot be reached here, and say so.
// Source: https://docs.aws.amazon.com/lambda/latest/api/API_FunctionCode.html

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { limits } from '../../runtime/limits.ts';
import { extractZip, ZipError } from '../../runtime/registry/zip.ts';
import { ApiError } from './errors.ts';

export interface UnpackedCode {
  directory: string;
  remove(): void;
}

/** The zip's bytes from a Code object, or the reason none can be had. */
export function zipBytes(code: Record<string, unknown> | undefined, field: string): Buffer {
  if (code?.S3Bucket !== undefined || code?.S3Key !== undefined) {
    throw new ApiError('InvalidParameterValueException', `${field} names an S3 object (S3Bucket/S3Key), which this local endpoint cannot read: send the .zip itself as ZipFile (aws lambda ... --zip-file fileb://function.zip).`);
  }
  if (code?.ImageUri !== undefined) {
    throw new ApiError('InvalidParameterValueException', `${field} names a container image (ImageUri); this local endpoint runs .zip functions only: send ZipFile.`);
  }
  const zip = code?.ZipFile;
  if (typeof zip !== 'string' || zip === '') {
    throw new ApiError('InvalidParameterValueException', `${field} has no ZipFile: send the function's .zip file, base64-encoded (the SDKs do that for you from bytes).`);
  }
  const bytes = Buffer.from(zip, 'base64');
  if (bytes.length > limits.zippedCodeSize.max) {
    throw new ApiError('RequestTooLargeException', `The .zip has ${bytes.length} bytes; a directly uploaded .zip may have at most ${limits.zippedCodeSize.max} bytes (50 MB). Make it smaller, or move dependencies into a layer.`);
  }
  return bytes;
}

export function unpackZip(bytes: Buffer): UnpackedCode {
  const directory = mkdtempSync(join(tmpdir(), 'lambda-dojo-upload-'));
  const remove = () => rmSync(directory, { recursive: true, force: true });
  try {
    extractZip(bytes, directory, limits.unzippedCodeSize.max, 'the uploaded .zip');
  } catch (error) {
    remove();
    if (error instanceof ZipError) throw new ApiError('InvalidParameterValueException', `Could not unzip uploaded file. ${error.message}`);
    throw error;
  }
  return { directory, remove };
}
