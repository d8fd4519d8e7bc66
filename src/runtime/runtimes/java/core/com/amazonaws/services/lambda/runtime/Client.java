package com.amazonaws.services.lambda.runtime;

/** The mobile app that made a call. */
public interface Client {
    String getInstallationId();

    String getAppTitle();

    String getAppVersionName();

    String getAppVersionCode();

    String getAppPackageName();
}
