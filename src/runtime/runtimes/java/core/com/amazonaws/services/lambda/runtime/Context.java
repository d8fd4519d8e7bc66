package com.amazonaws.services.lambda.runtime;

/**
 * What the runtime tells a handler about the current invocation and the function. Same names
 * and shapes as aws-lambda-java-core, so code written here compiles unchanged against AWS's library.
 */
public interface Context {
    /** The request id of this invocation (also in the START, END and REPORT log lines). */
    String getAwsRequestId();

    /** The CloudWatch log group: /aws/lambda/function-name. */
    String getLogGroupName();

    /** The log stream of this execution environment. */
    String getLogStreamName();

    String getFunctionName();

    /** $LATEST, or the number of the published version that runs. */
    String getFunctionVersion();

    /** The ARN the caller used, with its alias or version qualifier when there was one. */
    String getInvokedFunctionArn();

    /** The Amazon Cognito identity of a mobile caller; null otherwise. */
    CognitoIdentity getIdentity();

    /** The client context a mobile caller sent; null otherwise. */
    ClientContext getClientContext();

    /** Milliseconds left before the invocation times out. */
    int getRemainingTimeInMillis();

    /** The function's memory size (MemorySize), in MB. */
    int getMemoryLimitInMB();

    /** Writes one log event per call. */
    LambdaLogger getLogger();

    /** The tenant id on tenant-isolated functions; null otherwise. */
    default String getTenantId() {
        return null;
    }

    /** The X-Ray trace header of this invocation. */
    default String getXrayTraceId() {
        return null;
    }
}
