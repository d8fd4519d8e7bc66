package com.amazonaws.services.lambda.runtime;

import java.nio.charset.StandardCharsets;

/** Gives code that has no Context at hand the same logger that Context.getLogger() returns. */
public final class LambdaRuntime {
    private LambdaRuntime() {
    }

    private static final LambdaLogger logger = new LambdaLogger() {
        @Override
        public void log(String message) {
            // One event per call: the log here is read line by line, so the line breaks inside
            // a message travel as carriage returns and the event stays on one line.
            String text = message == null ? "null" : message;
            if (text.endsWith("\n")) text = text.substring(0, text.length() - 1);
            System.out.println(text.replace('\n', '\r'));
        }

        @Override
        public void log(byte[] message) {
            log(message == null ? "null" : new String(message, StandardCharsets.UTF_8));
        }
    };

    public static LambdaLogger getLogger() {
        return logger;
    }
}
