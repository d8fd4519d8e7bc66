// Java functions are Maven projects: a pom.xml's dependencies are resolved by Maven once and kept
// by the pom's hash, so a build after an edit to the code starts no Maven; a pom that does not
// resolve, or a machine without Maven, gets one message naming the pom, what is missing and the
// command that fixes it, and nothing is written into the cache. java25 runs where a JDK 25 is.

import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CodeBuildError } from '../../src/runtime/errors.ts';
import { classPathCache } from '../../src/runtime/runtimes/java/definition.ts';
import { findJdks, jdkFor } from '../../src/runtime/runtimes/java/jdks.ts';
import { dependencyClassPath, findMaven } from '../../src/runtime/runtimes/java/maven.ts';
import { runtimesUnderTest } from '../support/runtimes.ts';
import { fixtures, useService } from '../support/service.ts';

const java = runtimesUnderTest.find((r) => r.family === 'java');
const mvn = findMaven();
const work = mkdtempSync(join(tmpdir(), 'dojo-java-build-test-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const fixturePom = readFileSync(join(fixtures('java'), 'pom.xml'), 'utf8');

/** A Maven project folder holding this pom and one handler class. */
function project(pom: string, handler = 'public class Handler { public String handleRequest(Object event) { return "ok"; } }'): string {
  const folder = mkdtempSync(join(work, 'project-'));
  writeFileSync(join(folder, 'pom.xml'), pom);
  mkdirSync(join(folder, 'src', 'main', 'java'), { recursive: true });
  writeFileSync(join(folder, 'src', 'main', 'java', 'Handler.java'), handler);
  return folder;
}

/** The same pom made distinct (a comment), so no earlier run has cached it. */
const freshPom = (pom: string) => pom.replace('<modelVersion>', `<!-- ${process.pid}-${Date.now()}-${Math.random()} -->\n  <modelVersion>`);

describe.runIf(java && mvn)('a Java function\'s pom.xml', () => {
  const service = useService();

  it('is resolved by Maven once: the same pom again is answered from the cache, with no Maven run', async () => {
    const cacheDir = mkdtempSync(join(work, 'classpaths-'));
    const first = await dependencyClassPath({ pom: join(project(fixturePom), 'pom.xml'), shownAs: 'pom.xml', cacheDir, mvn });
    expect(first.map((jar) => basename(jar))).toContain('aws-lambda-java-core-1.4.0.jar');
    // A "Maven" that fails whenever it runs: only the cache can answer now.
    const again = await dependencyClassPath({ pom: join(project(fixturePom), 'pom.xml'), shownAs: 'pom.xml', cacheDir, mvn: '/bin/false' });
    expect(again).toEqual(first);
  });

  it('that names a version Maven Central does not serve fails the build with the pom, Maven\'s words and the command, and caches nothing', async () => {
    const pom = freshPom(fixturePom.replace('<version>1.4.0</version>', '<version>0.0.0-no-such-version</version>'));
    const folder = project(pom);
    const hash = createHash('sha256').update(pom).digest('hex');
    const failure = await service()
      .createFunction({ FunctionName: 'pom-does-not-resolve', Runtime: java!.runtime, Handler: 'Handler::handleRequest', Code: { Directory: folder } })
      .then(() => undefined, (error: unknown) => error);
    expect(failure).toBeInstanceOf(CodeBuildError);
    const error = failure as CodeBuildError;
    expect(error.file).toBe('pom.xml');
    expect(error.message).toContain('dependencies of pom.xml');
    expect(error.message).toContain('aws-lambda-java-core');
    expect(error.message).toContain('mvn -f pom.xml dependency:resolve');
    expect(readdirSync(classPathCache()).filter((name) => name.startsWith(hash))).toEqual([]);
  });

  it('resolves a pom once when two builds ask for it at the same time: the second waits for the first\'s Maven', async () => {
    const cacheDir = mkdtempSync(join(work, 'classpaths-'));
    const runs = join(work, `maven-runs-${Date.now()}`);
    // A Maven that notes each run, then is the real one.
    const counting = join(work, `mvn-counting-${Date.now()}`);
    writeFileSync(counting, `#!/bin/sh\necho run >> '${runs}'\nexec '${mvn}' "$@"\n`, { mode: 0o755 });
    const pom = join(project(freshPom(fixturePom)), 'pom.xml');
    const [a, b] = await Promise.all([1, 2].map(() => dependencyClassPath({ pom, shownAs: 'pom.xml', cacheDir, mvn: counting })));
    expect(a).toEqual(b);
    expect(readFileSync(runs, 'utf8').trim().split('\n')).toHaveLength(1);
    expect(readdirSync(cacheDir).filter((name) => !name.endsWith('.classpath'))).toEqual([]);
  });

  it('on a machine without Maven fails with the pom, Maven and how to install it, and caches nothing', async () => {
    const cacheDir = mkdtempSync(join(work, 'classpaths-'));
    const noMaven = findMaven(join(work, 'no-such-folder'), undefined);
    expect(noMaven).toBeUndefined();
    const attempt = dependencyClassPath({ pom: join(project(freshPom(fixturePom)), 'pom.xml'), shownAs: 'pom.xml', cacheDir, mvn: noMaven });
    await expect(attempt).rejects.toThrow(CodeBuildError);
    await expect(attempt).rejects.toThrow(/pom\.xml.*no Maven.*apt-get install maven.*mvn -f pom\.xml dependency:resolve/s);
    expect(readdirSync(cacheDir)).toEqual([]);
  });
});

const jdk25 = findJdks().find((jdk) => jdk.major === 25);

describe.runIf(java && mvn && jdk25)('java25', () => {
  const service = useService();

  it('runs on the JDK 25 of this machine, with the same pom as java17', async () => {
    const folder = project(fixturePom, 'public class Handler { public String handleRequest(Object event) { return System.getProperty("java.specification.version"); } }');
    await service().createFunction({ FunctionName: 'java25-version', Runtime: 'java25', Handler: 'Handler::handleRequest', Code: { Directory: folder } });
    const out = await service().invoke({ FunctionName: 'java25-version' });
    expect(JSON.parse(out.Payload.toString())).toBe('25');
  });

  const java21OnNewer = (jdkFor(21, findJdks(), false)?.major ?? 21) > 21;

  it.runIf(java21OnNewer)('compiles java21 code on a newer JDK for Java 21: an API added later does not compile there, and does on java25', async () => {
    // java.io.Reader.of(CharSequence) came with Java 24.
    const folder = project(fixturePom, 'public class Handler { public String handleRequest(Object event) throws Exception { return String.valueOf((char) java.io.Reader.of("ok").read()); } }');
    const failure = await service()
      .createFunction({ FunctionName: 'java21-newer-api', Runtime: 'java21', Handler: 'Handler::handleRequest', Code: { Directory: folder } })
      .then(() => undefined, (error: unknown) => error);
    expect(failure).toBeInstanceOf(CodeBuildError);
    expect((failure as CodeBuildError).output).toMatch(/cannot find symbol[\s\S]*Reader/);
    await service().createFunction({ FunctionName: 'java25-newer-api', Runtime: 'java25', Handler: 'Handler::handleRequest', Code: { Directory: folder } });
    expect(JSON.parse((await service().invoke({ FunctionName: 'java25-newer-api' })).Payload.toString())).toBe('o');
  });
});

describe.runIf(java)('a Java package', () => {
  const service = useService();

  it('runs with its pom\'s dependencies, AWS\'s event classes in and out as AWS\'s serializer writes them', async () => {
    const pom = fixturePom.replace(
      '</dependencies>',
      '  <dependency>\n      <groupId>com.amazonaws</groupId>\n      <artifactId>aws-lambda-java-events</artifactId>\n      <version>3.16.1</version>\n    </dependency>\n  </dependencies>',
    );
    const folder = project(
      pom,
      `import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
public class Handler {
    public APIGatewayProxyResponseEvent handleRequest(APIGatewayProxyRequestEvent event) {
        return new APIGatewayProxyResponseEvent().withStatusCode(200).withBody(event.getHttpMethod() + " " + event.getPath());
    }
}
`,
    );
    await service().createFunction({ FunctionName: 'java-events', Runtime: java!.runtime, Handler: 'Handler::handleRequest', Code: { Directory: folder } });
    const out = await service().invoke({ FunctionName: 'java-events', Payload: { httpMethod: 'POST', path: '/orders', body: null, unknownField: 1 } });
    // Null properties are left out (isBase64Encoded, headers), as JacksonFactory's NON_NULL inclusion does.
    expect(JSON.parse(out.Payload.toString())).toEqual({ statusCode: 200, body: 'POST /orders' });
  });
});
