package com.amazonaws.services.lambda.runtime;

import java.util.Map;

/** What a mobile app (AWS Mobile SDK) sends about itself with a call. */
public interface ClientContext {
    Client getClient();

    Map<String, String> getCustom();

    Map<String, String> getEnvironment();
}
