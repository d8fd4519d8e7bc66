// The stand-ins: code of ours that takes the place of an AWS package, because no registry this
// project reaches serves that package (NuGet and RubyGems are not among them), or because it is
// the runtime client that Lambda's managed runtime itself provides. Each records the package and
// version it follows and where that version was read; the README of its runtime folder says how
// it differs (test/runtime/upstream.test.ts holds both to this table).

export interface StandIn {
  /** The runtime folder holding the stand-in (src/runtime/runtimes/<folder>). */
  folder: string;
  /** Our files that take the package's place, relative to the folder. */
  files: string[];
  /** The upstream package, as its registry names it. */
  package: string;
  registry: 'NuGet' | 'RubyGems' | 'npm' | 'PyPI' | '.NET class library';
  /** The version followed: what lab project files reference where a learner would too. */
  version: string;
  /** Where that version was read: repository, path and commit. */
  source: string;
  /** Why it is a stand-in and not the package itself. */
  why: string;
}

export const standIns: StandIn[] = [
  {
    folder: 'dotnet',
    files: ['Amazon.Lambda.Core.cs'],
    package: 'Amazon.Lambda.Core',
    registry: 'NuGet',
    version: '3.2.0',
    source: 'aws/aws-lambda-dotnet Libraries/src/Amazon.Lambda.Core @ 8314921 (2026-07-22, CHANGELOG "Release 2026-07-22")',
    why: 'NuGet is not reachable, and the package targets .NET 8 and 10, which Mono cannot load',
  },
  {
    folder: 'dotnet',
    files: ['Amazon.Lambda.Serialization.SystemTextJson.cs'],
    package: 'Amazon.Lambda.Serialization.SystemTextJson',
    registry: 'NuGet',
    version: '3.0.0',
    source: 'aws/aws-lambda-dotnet Libraries/src/Amazon.Lambda.Serialization.SystemTextJson @ 8314921 (2026-07-22)',
    why: 'NuGet is not reachable, and the package builds on .NET\'s System.Text.Json',
  },
  {
    folder: 'dotnet',
    files: ['Amazon.Lambda.APIGatewayEvents.cs', 'Amazon.Lambda.APIGatewayEvents.HttpApi.cs', 'Amazon.Lambda.APIGatewayEvents.Authorizers.cs'],
    package: 'Amazon.Lambda.APIGatewayEvents',
    registry: 'NuGet',
    version: '3.0.0',
    source: 'aws/aws-lambda-dotnet Libraries/src/Amazon.Lambda.APIGatewayEvents @ 8314921 (2026-07-22)',
    why: 'NuGet is not reachable',
  },
  {
    folder: 'dotnet',
    files: ['Bootstrap.cs'],
    package: 'Amazon.Lambda.RuntimeSupport',
    registry: 'NuGet',
    version: '2.1.2',
    source: 'aws/aws-lambda-dotnet Libraries/src/Amazon.Lambda.RuntimeSupport @ 8314921 (2026-07-22)',
    why: 'the runtime client of the dotnet runtimes; it targets .NET 8 and later, which Mono cannot run',
  },
  {
    folder: 'dotnet',
    files: ['System.Text.Json.cs', 'LambdaDojo.JsonReader.cs', 'LambdaDojo.JsonConvert.cs', 'LambdaDojo.JsonWriter.cs'],
    package: 'System.Text.Json',
    registry: '.NET class library',
    version: '10.0',
    source: 'dotnet/runtime src/libraries/System.Text.Json (the .NET 10 class library that dotnet10 provides)',
    why: 'Mono\'s class library is .NET Framework 4.x\'s, which has no System.Text.Json',
  },
  {
    folder: 'ruby',
    files: ['bootstrap.rb'],
    package: 'aws_lambda_ric',
    registry: 'RubyGems',
    version: '3.1.3',
    source: 'aws/aws-lambda-ruby-runtime-interface-client lib/aws_lambda_ric @ 70a2045 (2025-09-05)',
    why: 'the runtime client of the ruby runtimes (LambdaContext, LambdaHandler, AwsLambda::Marshaller); RubyGems is not reachable',
  },
  {
    folder: 'nodejs',
    files: ['bootstrap.mjs'],
    package: 'aws-lambda-ric',
    registry: 'npm',
    version: '4.0.2',
    source: 'npm aws-lambda-ric 4.0.2, which test/conformance/runtime-clients.test.ts runs beside our bootstrap (nodejs24.x); the 3.x behaviours of nodejs22.x and older from aws/aws-lambda-nodejs-runtime-interface-client @ da5777a (3.3.0)',
    why: 'the runtime client Lambda\'s nodejs runtimes provide; ours runs on Node\'s standard library, with no native addon to build',
  },
  {
    folder: 'python',
    files: ['bootstrap.py'],
    package: 'awslambdaric',
    registry: 'PyPI',
    version: '4.2.2',
    source: 'PyPI awslambdaric 4.2.2, which test/conformance/runtime-clients.test.ts runs beside our bootstrap; read at aws/aws-lambda-python-runtime-interface-client @ 46e4c6a',
    why: 'the runtime client Lambda\'s python runtimes provide; ours runs on the standard library alone',
  },
];
