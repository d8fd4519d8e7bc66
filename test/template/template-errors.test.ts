// A template's mistakes are told in one line that names the file, the resource, the property and
// the rule, before anything starts; and what the template's values resolve to.

import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { deployTemplate } from '../../src/template/deploy.ts';
import { loadTemplate } from '../../src/template/load.ts';
import { makeZip } from '../support/endpoint.ts';
import { useService } from '../support/service.ts';

const service = useService();
const root = mkdtempSync(join(tmpdir(), 'template-errors-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let count = 0;

/** Writes a template (and a hello/ folder with index.mjs) and returns its path. */
function template(body: string): string {
  const folder = join(root, `t${++count}`);
  mkdirSync(join(folder, 'hello'), { recursive: true });
  writeFileSync(join(folder, 'hello', 'index.mjs'), 'export const handler = async () => ({ ok: true });');
  writeFileSync(join(folder, 'template.yaml'), `Transform: AWS::Serverless-2016-10-31\n${body}`);
  return join(folder, 'template.yaml');
}

async function refusal(file: string): Promise<string> {
  try {
    await deployTemplate(loadTemplate(file), service());
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('the template was accepted');
}

const hello = (properties: string) => `Resources:\n  Hello:\n    Type: AWS::Serverless::Function\n    Properties:\n${properties}`;

describe('template errors name the file, resource, property and rule', () => {
  it('a missing CodeUri', async () => {
    const file = template(hello('      Handler: index.handler\n      Runtime: nodejs22.x\n'));
    expect(await refusal(file)).toBe(`${file}: Hello Properties.CodeUri: is missing: set it to the folder (or .zip file) that holds the code, relative to the template, or write the code in InlineCode.`);
  });

  it('a CodeUri that does not exist', async () => {
    const file = template(hello('      CodeUri: nowhere/\n      Handler: index.handler\n      Runtime: nodejs22.x\n'));
    expect(await refusal(file)).toMatch(/: Hello Properties\.CodeUri: nowhere\/ does not exist \(looked for .*nowhere\)/);
  });

  it('a handler whose file is not in the code', async () => {
    const file = template(hello('      CodeUri: hello/\n      Handler: app.handler\n      Runtime: nodejs22.x\n'));
    expect(await refusal(file)).toMatch(/: Hello Properties\.Handler: Handler app\.handler needs app\.js or app\.mjs or app\.cjs in the code folder/);
  });

  it('a Node.js handler written in TypeScript says it must be built first', async () => {
    const file = template(hello('      CodeUri: hello/\n      Handler: app.lambdaHandler\n      Runtime: nodejs22.x\n'));
    writeFileSync(join(file, '..', 'hello', 'app.ts'), 'export const lambdaHandler = async () => ({});');
    expect(await refusal(file)).toMatch(/Handler app\.lambdaHandler needs app\.js .* TypeScript is not compiled here; build it first \(sam build/);
  });

  it('an intrinsic that is not supported (conditions are not evaluated)', async () => {
    const file = template(`Conditions:\n  IsProd: !Equals [a, b]\n${hello('      CodeUri: hello/\n      Handler: index.handler\n      Runtime: nodejs22.x\n      MemorySize: !If [IsProd, 1024, 128]\n')}`);
    expect(await refusal(file)).toMatch(/: Hello Properties\.MemorySize \(Fn::If\): Fn::If is not supported here \(Conditions are not evaluated locally\)\. Supported: Ref, Fn::GetAtt, Fn::Sub/);
  });

  it('a Ref to nothing', async () => {
    const file = template(hello('      CodeUri: hello/\n      Handler: index.handler\n      Runtime: nodejs22.x\n      Environment:\n        Variables:\n          TABLE: !Ref Tabel\n'));
    expect(await refusal(file)).toMatch(/: Hello Properties\.Environment\.Variables\.TABLE \(Ref\): Ref Tabel names no parameter, resource or pseudo parameter/);
  });

  it('a misspelled property', () => {
    const file = template(hello('      CodeUri: hello/\n      Handler: index.handler\n      Runtime: nodejs22.x\n      Memory: 256\n'));
    expect(() => loadTemplate(file)).toThrow(/: Hello Properties\.Memory: is not a property of AWS::Serverless::Function/);
  });

  it('a parameter without a default or a value', () => {
    const file = template(`Parameters:\n  Stage:\n    Type: String\n${hello('      CodeUri: hello/\n      Handler: index.handler\n      Runtime: nodejs22.x\n')}`);
    expect(() => loadTemplate(file)).toThrow(/: Parameters\.Stage: has no Default and no value was given: add Default to the parameter, or pass --parameter-overrides Stage=<value>\./);
  });

  it('SAM resources without the SAM transform', () => {
    const file = join(root, 'no-transform.yaml');
    writeFileSync(file, hello('      CodeUri: hello/\n      Handler: index.handler\n      Runtime: nodejs22.x\n'));
    expect(() => loadTemplate(file)).toThrow(/: Transform: AWS::Serverless::\* resources need "Transform: AWS::Serverless-2016-10-31"/);
  });

  it('a short form CloudFormation does not have, with its line', () => {
    const file = template(hello('      CodeUri: !Path hello/\n'));
    expect(() => loadTemplate(file)).toThrow(/template\.yaml:6:\d+: Unresolved tag: !Path: use one of CloudFormation's short forms/);
  });

  it('a configuration value out of Lambda\'s limits names the resource and the limit', async () => {
    const file = template(hello('      CodeUri: hello/\n      Handler: index.handler\n      Runtime: nodejs22.x\n      Timeout: 901\n'));
    expect(await refusal(file)).toMatch(/: Hello: ValidationException: .*901.*timeout.*less than or equal to 900/);
  });

  it('asynchronous settings: a dead-letter Type that does not match its ARN, a destination without one, retries out of range', async () => {
    const base = '      CodeUri: hello/\n      Handler: index.handler\n      Runtime: nodejs22.x\n';
    const mismatched = template(hello(`${base}      DeadLetterQueue:\n        Type: SNS\n        TargetArn: arn:aws:sqs:us-east-1:123456789012:failed\n`));
    expect(await refusal(mismatched)).toBe(`${mismatched}: Hello Properties.DeadLetterQueue.TargetArn: arn:aws:sqs:us-east-1:123456789012:failed is not an SNS ARN, as Type SNS says.`);
    const noDestination = template(hello(`${base}      EventInvokeConfig:\n        DestinationConfig:\n          OnFailure:\n            Type: SQS\n`));
    expect(await refusal(noDestination)).toMatch(/: Hello Properties\.EventInvokeConfig\.DestinationConfig\.OnFailure\.Destination: is missing: name the SQS resource's ARN/);
    const tooMany = template(hello(`${base}      EventInvokeConfig:\n        MaximumRetryAttempts: 5\n`));
    expect(await refusal(tooMany)).toBe(`${tooMany}: Hello Properties.EventInvokeConfig.MaximumRetryAttempts: 5 is out of range: Lambda takes 0 to 2 retries (default 2).`);
  });
});

describe('template values', () => {
  it('InlineCode runs as index.py, with !Sub inside it, as CloudFormation writes inline code', async () => {
    const file = template(hello('      FunctionName: inline\n      Handler: index.handler\n      Runtime: python3.12\n      InlineCode: !Sub |\n        def handler(event, context):\n            return {"region": "${AWS::Region}"}\n'));
    await deployTemplate(loadTemplate(file), service());
    const out = await service().invoke({ FunctionName: 'inline' });
    expect(JSON.parse(out.Payload.toString('utf8'))).toEqual({ region: 'us-east-1' });
  });

  it('a layer of another account is left out with a notice, and the function starts', async () => {
    const file = template(hello('      FunctionName: with-powertools\n      CodeUri: hello/\n      Handler: index.handler\n      Runtime: nodejs22.x\n      Layers:\n        - !Sub arn:aws:lambda:${AWS::Region}:094274105915:layer:AWSLambdaPowertoolsTypeScriptV2:1\n'));
    const notices: string[] = [];
    await deployTemplate(loadTemplate(file), service(), (event) => event.kind === 'notice' && notices.push(event.line));
    expect(notices).toContain('Hello starts without arn:aws:lambda:us-east-1:094274105915:layer:AWSLambdaPowertoolsTypeScriptV2:1: a layer of another account is not available locally.');
    expect(service().getFunctionConfiguration('with-powertools').Layers).toEqual([]);
  });

  it('CloudFormation\'s own AWS::Lambda::Function (inline Code.ZipFile or a Code path) and AWS::Lambda::LayerVersion run too', async () => {
    const file = template(`Resources:
  Words:
    Type: AWS::Lambda::LayerVersion
    Properties:
      Content: words/
  Inline:
    Type: AWS::Lambda::Function
    Properties:
      FunctionName: cfn-inline
      Runtime: python3.12
      Handler: index.handler
      Role: !GetAtt Role.Arn
      Code:
        ZipFile: |
          def handler(event, context):
              return "inline"
  FromFolder:
    Type: AWS::Lambda::Function
    Properties:
      FunctionName: cfn-folder
      Runtime: nodejs22.x
      Handler: index.handler
      Code: hello/
      Layers: [!Ref Words]
      Environment:
        Variables:
          PEER: !GetAtt Inline.Arn
  Role:
    Type: AWS::IAM::Role
`);
    mkdirSync(join(file, '..', 'words'));
    writeFileSync(join(file, '..', 'words', 'word.txt'), 'hi');
    const stack = await deployTemplate(loadTemplate(file), service());
    expect(Object.keys(stack.functions).sort()).toEqual(['FromFolder', 'Inline']);
    expect(JSON.parse((await service().invoke({ FunctionName: 'cfn-inline' })).Payload.toString('utf8'))).toBe('inline');
    const config = service().getFunctionConfiguration('cfn-folder');
    expect(config.Environment.Variables.PEER).toBe('arn:aws:lambda:us-east-1:123456789012:function:cfn-inline');
    expect(config.Layers.map((l) => l.Arn)).toEqual([stack.layers.Words!.arn]);
  });

  it('an AWS::Lambda::Function error names the property as written (Code, not CodeUri)', async () => {
    const file = template('Resources:\n  Fn:\n    Type: AWS::Lambda::Function\n    Properties:\n      Runtime: nodejs22.x\n      Handler: index.handler\n      Code: missing/\n');
    expect(await refusal(file)).toMatch(/: Fn Properties\.Code: missing\/ does not exist/);
  });

  it('a requirements.txt that sam build would install is noted, and the function starts', async () => {
    const file = template(hello('      FunctionName: with-requirements\n      CodeUri: py/\n      Handler: app.handler\n      Runtime: python3.12\n'));
    mkdirSync(join(file, '..', 'py'));
    writeFileSync(join(file, '..', 'py', 'app.py'), 'def handler(e, c):\n    return 1\n');
    writeFileSync(join(file, '..', 'py', 'requirements.txt'), '# what the function needs\nrequests==2.32.3\n');
    const notices: string[] = [];
    await deployTemplate(loadTemplate(file), service(), (event) => event.kind === 'notice' && notices.push(event.line));
    expect(notices.join('\n')).toMatch(/^Hello has a requirements\.txt, which is not installed here \(sam build does that\): if the handler imports them, run pip install -r requirements\.txt -t \. in /m);
  });

  it('a CodeUri that is a .zip file is unpacked and run', async () => {
    const file = template(hello('      FunctionName: zipped\n      CodeUri: hello.zip\n      Handler: index.handler\n      Runtime: nodejs22.x\n'));
    writeFileSync(join(file, '..', 'hello.zip'), makeZip({ 'index.mjs': 'export const handler = async () => ({ from: "zip" });' }));
    await deployTemplate(loadTemplate(file), service());
    const out = await service().invoke({ FunctionName: 'zipped' });
    expect(JSON.parse(out.Payload.toString('utf8'))).toEqual({ from: 'zip' });
  });

  it('Sub, Join, Select, Split, FindInMap, parameters and pseudo parameters resolve as CloudFormation resolves them', async () => {
    const file = template(`Parameters:
  Stage:
    Type: String
    Default: dev
  Sizes:
    Type: CommaDelimitedList
    Default: "128,256"
Mappings:
  Limits:
    dev: { Timeout: 7 }
${hello(`      FunctionName: !Sub "\${AWS::StackName}-hello-\${Stage}"
      CodeUri: hello/
      Handler: index.handler
      Runtime: nodejs22.x
      MemorySize: !Select [1, !Ref Sizes]
      Timeout: !FindInMap [Limits, !Ref Stage, Timeout]
      Description: !Join ["-", !Split [",", "a,b,c"]]
      Environment:
        Variables:
          SELF: !Sub "\${Hello.Arn} in \${AWS::Region} (\${!Literal})"
          OPTIONAL: !Ref AWS::NoValue
`)}`);
    const stack = await deployTemplate(loadTemplate(file, { stackName: 'course' }), service());
    expect(stack.functions.Hello).toMatchObject({ name: 'course-hello-dev', arn: 'arn:aws:lambda:us-east-1:123456789012:function:course-hello-dev' });
    const config = service().getFunctionConfiguration('course-hello-dev');
    expect(config).toMatchObject({ MemorySize: 256, Timeout: 7, Description: 'a-b-c' });
    expect(config.Environment.Variables).toEqual({ SELF: 'arn:aws:lambda:us-east-1:123456789012:function:course-hello-dev in us-east-1 (${Literal})' });
  });
});
