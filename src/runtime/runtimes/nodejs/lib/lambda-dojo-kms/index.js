// decrypt(): KMS Decrypt for environment variables encrypted with `npm run encrypt`, the way a
// Lambda function calls KMS through the AWS SDK (DecryptCommand), but with Node's own http
// against the local key service at AWS_ENDPOINT_URL_KMS. Call it during init and keep the
// result: one KMS call per execution environment, not one per invocation.
'use strict';

const http = require('node:http');

function decrypt(ciphertextBase64, encryptionContext = {}) {
  const endpoint = process.env.AWS_ENDPOINT_URL_KMS;
  if (!endpoint) return Promise.reject(new Error('AWS_ENDPOINT_URL_KMS is not set: decrypt() works inside the Lambda Dojo runtime.'));
  if (typeof ciphertextBase64 !== 'string' || ciphertextBase64 === '') {
    return Promise.reject(new TypeError('decrypt() needs the encrypted value (base64 text), e.g. decrypt(process.env.API_KEY).'));
  }
  const body = JSON.stringify({ CiphertextBlob: ciphertextBase64, EncryptionContext: encryptionContext });
  return new Promise((resolve, reject) => {
    const request = http.request(
      `${endpoint}/`,
      { method: 'POST', headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'TrentService.Decrypt', 'content-length': Buffer.byteLength(body) } },
      (response) => {
        let text = '';
        response.setEncoding('utf8');
        response.on('data', (chunk) => (text += chunk));
        response.on('end', () => {
          const answer = JSON.parse(text || '{}');
          if (response.statusCode !== 200) {
            const error = new Error(answer.message ?? `KMS answered ${response.statusCode}`);
            error.name = answer.__type ?? 'KMSError';
            return reject(error);
          }
          resolve(Buffer.from(answer.Plaintext, 'base64').toString('utf8'));
        });
      },
    );
    request.on('error', reject);
    request.end(body);
  });
}

module.exports = { decrypt };
