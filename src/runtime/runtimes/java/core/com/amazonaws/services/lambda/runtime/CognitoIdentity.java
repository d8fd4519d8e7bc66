package com.amazonaws.services.lambda.runtime;

/** The Amazon Cognito identity that authorised a call from a mobile app. */
public interface CognitoIdentity {
    String getIdentityId();

    String getIdentityPoolId();
}
