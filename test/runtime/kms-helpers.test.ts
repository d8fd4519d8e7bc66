// The KMS decrypt helpers of the C#, Go and Ruby runtimes (Node.js and Python are in
// key-service.test.ts), and Java's AWS SDK, which needs no helper: function code imports them as
// the runtime ships them (the SDK: as its pom.xml names it), decrypts a configuration secret at
// init, and fails init with KMS's own error when the value is not a ciphertext of this
// machine's key.

import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { KeyService } from '../../src/runtime/key-service.ts';
import { runtimesUnderTest } from '../support/runtimes.ts';
import { json, useService } from '../support/service.ts';

const home = mkdtempSync(join(tmpdir(), 'dojo-kms-helpers-'));
const keyFile = join(home, 'kms-key');
afterAll(() => rmSync(home, { recursive: true, force: true }));

/** A code folder holding these files (paths may have folders). */
function code(files: Record<string, string>): string {
  const folder = mkdtempSync(join(home, 'fn-'));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(folder, path)), { recursive: true });
    writeFileSync(join(folder, path), text);
  }
  return folder;
}

interface Helper {
  language: string;
  /** The runtime family in test/support/runtimes.ts: its tests are skipped where its toolchain is missing. */
  family: string;
  handler: string;
  /** A function that decrypts DB_PASSWORD at init and returns its length in characters (UTF-8 decoded), its first character and how many times it was called. */
  files: Record<string, string>;
}

const helpers: Helper[] = [
  // Java has no helper: it decrypts with the AWS SDK for Java 2.x, as on Lambda (lab 8's pom.xml).
  {
    language: 'Java',
    family: 'java',
    handler: 'Handler::handleRequest',
    files: {
      'pom.xml': readFileSync(fileURLToPath(new URL('../../labs/08-configure-dont-hardcode/solution/java/pom.xml', import.meta.url)), 'utf8'),
      'src/main/java/Handler.java': `import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.DecryptRequest;

public class Handler {
    private static final String PASSWORD = decrypt(System.getenv("DB_PASSWORD"));
    private static int calls = 0;

    private static String decrypt(String ciphertext) {
        try (KmsClient kms = KmsClient.builder().httpClient(UrlConnectionHttpClient.create()).build()) {
            DecryptRequest request = DecryptRequest.builder().ciphertextBlob(SdkBytes.fromByteArray(Base64.getDecoder().decode(ciphertext))).build();
            return kms.decrypt(request).plaintext().asUtf8String();
        }
    }

    public Map<String, Object> handleRequest(Map<String, Object> event) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("length", PASSWORD.length());
        out.put("first", PASSWORD.substring(0, 1));
        out.put("calls", ++calls);
        return out;
    }
}
`,
    },
  },
  {
    language: 'C#',
    family: 'dotnet',
    handler: 'Kms::Kms.Function::Handler',
    files: {
      'Function.cs': `using System;
using System.Collections.Generic;
using System.IO;
using Amazon.Lambda.Core;
using LambdaDojo.Kms;

[assembly: LambdaSerializer(typeof(Amazon.Lambda.Serialization.SystemTextJson.DefaultLambdaJsonSerializer))]

namespace Kms
{
    public class Function
    {
        private static readonly string Password = KmsHelper.Decrypt(Environment.GetEnvironmentVariable("DB_PASSWORD"));
        private static int calls;

        public Dictionary<string, object> Handler(Stream input)
        {
            return new Dictionary<string, object> { ["length"] = Password.Length, ["first"] = Password.Substring(0, 1), ["calls"] = ++calls };
        }
    }
}
`,
    },
  },
  {
    language: 'Go',
    family: 'go',
    handler: 'bootstrap',
    files: {
      'go.mod': 'module kms-test\n\ngo 1.26\n\nrequire github.com/aws/aws-lambda-go v1.55.1\n',
      // The checksums of aws-lambda-go, as a learner's go.sum holds them: with them Go needs no
      // checksum database, which a machine that reaches only the module proxy cannot ask.
      'go.sum': readFileSync(fileURLToPath(new URL('../fixtures/go/echo/go.sum', import.meta.url)), 'utf8'),
      'main.go': `package main

import (
	"log"
	"os"
	"unicode/utf8"

	"github.com/aws/aws-lambda-go/lambda"
	"lambdadojo.local/kms"
)

var calls = 0

func main() {
	password, err := kms.Decrypt(os.Getenv("DB_PASSWORD"))
	if err != nil {
		log.Fatal(err)
	}
	lambda.Start(func() (map[string]interface{}, error) {
		calls++
		return map[string]interface{}{"length": utf8.RuneCountInString(password), "first": password[:1], "calls": calls}, nil
	})
}
`,
    },
  },
  {
    language: 'Ruby',
    family: 'ruby',
    handler: 'app.handler',
    files: {
      'app.rb': `require 'dojo_kms'

PASSWORD = DojoKms.decrypt(ENV.fetch('DB_PASSWORD'))
$calls = 0

def handler(event:, context:)
  $calls += 1
  { length: PASSWORD.length, first: PASSWORD[0], calls: $calls }
end
`,
    },
  },
];

describe('the KMS helpers of the compiled and Ruby runtimes', () => {
  const service = useService({ keyFile });
  const keys = new KeyService(keyFile);

  for (const helper of helpers) {
    const runtime = runtimesUnderTest.find((r) => r.family === helper.family)?.runtime;

    it.skipIf(!runtime)(`${helper.language}: decrypts at init with the runtime's helper, once per environment`, async () => {
      const name = `kms-${helper.language.replace('#', 'sharp').toLowerCase()}`;
      await service().createFunction({
        FunctionName: name,
        Runtime: runtime!,
        Handler: helper.handler,
        Code: { Directory: code(helper.files) },
        Environment: { Variables: { DB_PASSWORD: keys.encrypt('p@ss-wörd') } },
      });
      const first = await service().invoke({ FunctionName: name });
      expect(first.FunctionError, String(first.Payload)).toBeUndefined();
      expect(json(first.Payload)).toEqual({ length: 9, first: 'p', calls: 1 });
      expect(json((await service().invoke({ FunctionName: name })).Payload).calls).toBe(2);
    });

    it.skipIf(!runtime)(`${helper.language}: a value that is not a ciphertext of this machine's key fails init with KMS's error`, async () => {
      const name = `kms-bad-${helper.language.replace('#', 'sharp').toLowerCase()}`;
      await service().createFunction({
        FunctionName: name,
        Runtime: runtime!,
        Handler: helper.handler,
        Code: { Directory: code(helper.files) },
        Environment: { Variables: { DB_PASSWORD: new KeyService(join(home, 'another-key')).encrypt('p@ss-wörd') } },
      });
      const out = await service().invoke({ FunctionName: name });
      expect(out.FunctionError).toBe('Unhandled');
      // Java and C# wrap it (ExceptionInInitializerError, TargetInvocationException) and name it as
      // the cause; a Go program that exits leaves it in the log.
      expect(`${out.Payload}\n${out.Logs.join('\n')}`).toContain('InvalidCiphertextException: The ciphertext is invalid');
      expect(out.Logs.some((l) => l.startsWith('INIT_REPORT ') && l.includes('Status: error'))).toBe(true);
    });
  }
});
