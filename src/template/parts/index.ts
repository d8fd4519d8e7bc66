// Every stack part, in the order they start (queues and tables before what reads them).
// Adding a kind of resource: write src/template/parts/<kind>.ts and list it here.

import type { StackPart } from '../stack-parts.ts';
import { apiGatewayPart } from './api-gateway.ts';
import { asyncDestinationsPart } from './async-destinations.ts';
import { cloudFrontPart } from './cloudfront.ts';
import { cloudWatchPart } from './cloudwatch.ts';
import { dynamoDbPart } from './dynamodb.ts';
import { eventSourceMappingsPart } from './event-source-mappings.ts';
import { kinesisPart } from './kinesis.ts';
import { sqsPart } from './sqs.ts';
import { webSocketPart } from './websocket.ts';

// CloudWatch first: the parts after it record the metrics only they know into it (lambdaMetricsIn(context.shared)).
// Event source mappings and asynchronous destinations come after the queues and streams they use (context.shared).
export const stackParts: readonly StackPart[] = [cloudWatchPart, dynamoDbPart, sqsPart, kinesisPart, apiGatewayPart, webSocketPart, cloudFrontPart, eventSourceMappingsPart, asyncDestinationsPart];

export const claimedResourceTypes = (): string[] => stackParts.flatMap((p) => p.resourceTypes);
export const claimedEventTypes = (): string[] => stackParts.flatMap((p) => p.functionEventTypes);
