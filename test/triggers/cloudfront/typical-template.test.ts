// A template written for AWS, as Lambda@Edge templates usually are: a bucket, an origin access
// control, a distribution whose S3 origin names the bucket with !GetAtt, a CloudFormation Output,
// and an edge function with AutoPublishAlias. Locally only the Metadata line is added: the
// resources this course does not run are listed, and the distribution serves the folder.

import { afterAll, describe, expect, it } from 'vitest';
import { useService } from '../../support/service.ts';
import { startEdgeStack, type EdgeStack } from './edge-stack.ts';

const service = useService();
const stacks: EdgeStack[] = [];
afterAll(async () => {
  for (const s of stacks) await s.close();
});

const template = `AWSTemplateFormatVersion: '2010-09-09'
Transform: AWS::Serverless-2016-10-31
Description: Static site with a Lambda@Edge index rewrite
Globals:
  Function:
    Runtime: nodejs22.x
    MemorySize: 128
    Timeout: 5
Resources:
  SiteBucket:
    Type: AWS::S3::Bucket
  SiteOac:
    Type: AWS::CloudFront::OriginAccessControl
    Properties:
      OriginAccessControlConfig:
        Name: site-oac
        OriginAccessControlOriginType: s3
        SigningBehavior: always
        SigningProtocol: sigv4
  IndexRewrite:
    Type: AWS::Serverless::Function
    Properties:
      Handler: index.handler
      AutoPublishAlias: live
      Role: !GetAtt EdgeRole.Arn
      InlineCode: |
        'use strict';
        exports.handler = (event, context, callback) => {
          const request = event.Records[0].cf.request;
          request.uri = request.uri.replace(/\\/$/, '/index.html');
          callback(null, request);
        };
  EdgeRole:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Statement:
          - Effect: Allow
            Principal: { Service: [lambda.amazonaws.com, edgelambda.amazonaws.com] }
            Action: sts:AssumeRole
  Distribution:
    Type: AWS::CloudFront::Distribution
    Metadata:
      LambdaDojo:
        LocalOrigins:
          S3Origin: ./public
    Properties:
      DistributionConfig:
        Enabled: true
        Comment: !Sub '\${AWS::StackName} site'
        HttpVersion: http2
        PriceClass: PriceClass_100
        DefaultRootObject: index.html
        Origins:
          - Id: S3Origin
            DomainName: !GetAtt SiteBucket.RegionalDomainName
            OriginAccessControlId: !GetAtt SiteOac.Id
            S3OriginConfig:
              OriginAccessIdentity: ''
        DefaultCacheBehavior:
          TargetOriginId: S3Origin
          ViewerProtocolPolicy: redirect-to-https
          Compress: true
          CachePolicyId: 658327ea-f89d-4fab-a63d-7e88639e58f6
          LambdaFunctionAssociations:
            - EventType: origin-request
              LambdaFunctionARN: !Ref IndexRewrite.Version
Outputs:
  Url:
    Value: !Sub 'https://\${Distribution.DomainName}'
`;

describe('a template written for AWS', () => {
  it('starts, lists what it does not run, and serves the folder through the edge function', async () => {
    const stack = await startEdgeStack(service(), template, { 'public/index.html': '<h1>home</h1>', 'public/docs/index.html': '<h1>docs</h1>' });
    stacks.push(stack);
    expect(await (await fetch(`${stack.url}/docs/`)).text()).toBe('<h1>docs</h1>');
    expect(await (await fetch(`${stack.url}/`)).text()).toBe('<h1>home</h1>');
    expect(stack.log.at(-1)).toMatch(/GET \/ 200 Miss .* origin: \/index\.html triggers: origin-request\(IndexRewrite-\d+:1\)$/);
    expect(stack.notices.join('\n')).toContain('Distribution (AWS::CloudFront::Distribution): not emulated (accepted, no effect here): Comment, HttpVersion, PriceClass, DefaultCacheBehavior.Compress, DefaultCacheBehavior.ViewerProtocolPolicy');
  });
});
