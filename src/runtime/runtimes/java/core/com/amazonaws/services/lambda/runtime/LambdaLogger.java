package com.amazonaws.services.lambda.runtime;

/** The function's log: each call is one log event, whatever line breaks the message holds. */
public interface LambdaLogger {
    void log(String message);

    void log(byte[] message);
}
