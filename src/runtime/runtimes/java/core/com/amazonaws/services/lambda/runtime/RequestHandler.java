package com.amazonaws.services.lambda.runtime;

/**
 * A handler that takes an event deserialized from JSON into I and returns an O that the runtime
 * serializes to JSON. Name it in the Handler setting as package.Class (or package.Class::handleRequest).
 */
public interface RequestHandler<I, O> {
    O handleRequest(I input, Context context);
}
