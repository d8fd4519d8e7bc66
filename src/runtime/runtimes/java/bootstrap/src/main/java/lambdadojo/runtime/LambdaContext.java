package lambdadojo.runtime;

import com.amazonaws.services.lambda.runtime.Client;
import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import com.amazonaws.services.lambda.runtime.LambdaRuntime;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The Context object a handler gets, as AWS's runtime client fills it (LambdaContext,
 * LambdaCognitoIdentity, LambdaClientContext): the request's headers, the function's
 * environment, and the one logger of LambdaRuntime.
 */
final class LambdaContext {
    private LambdaContext() {
    }

    static final class Identity implements CognitoIdentity {
        final String identityId;
        final String identityPoolId;

        Identity(String identityId, String identityPoolId) {
            this.identityId = identityId;
            this.identityPoolId = identityPoolId;
        }

        @Override
        public String getIdentityId() {
            return identityId;
        }

        @Override
        public String getIdentityPoolId() {
            return identityPoolId;
        }
    }

    static final class Caller implements Client {
        final Map<?, ?> values;

        Caller(Map<?, ?> values) {
            this.values = values;
        }

        private String get(String key) {
            Object v = values.get(key);
            return v == null ? null : v.toString();
        }

        @Override
        public String getInstallationId() {
            return get("installation_id");
        }

        @Override
        public String getAppTitle() {
            return get("app_title");
        }

        @Override
        public String getAppVersionName() {
            return get("app_version_name");
        }

        @Override
        public String getAppVersionCode() {
            return get("app_version_code");
        }

        @Override
        public String getAppPackageName() {
            return get("app_package_name");
        }
    }

    static final class Mobile implements ClientContext {
        final Client client;
        final Map<String, String> custom;
        final Map<String, String> environment;

        Mobile(Client client, Map<String, String> custom, Map<String, String> environment) {
            this.client = client;
            this.custom = custom;
            this.environment = environment;
        }

        @Override
        public Client getClient() {
            return client;
        }

        @Override
        public Map<String, String> getCustom() {
            return custom;
        }

        @Override
        public Map<String, String> getEnvironment() {
            return environment;
        }
    }

    static final class Invocation implements Context {
        final String requestId;
        final long deadlineMs;
        final String invokedFunctionArn;
        final String traceId;
        final String tenantId;
        final CognitoIdentity identity;
        final ClientContext clientContext;

        Invocation(String requestId, long deadlineMs, String arn, String traceId, String tenantId, CognitoIdentity identity, ClientContext clientContext) {
            this.requestId = requestId;
            this.deadlineMs = deadlineMs;
            this.invokedFunctionArn = arn;
            this.traceId = traceId;
            this.tenantId = tenantId;
            this.identity = identity;
            this.clientContext = clientContext;
        }

        @Override
        public String getAwsRequestId() {
            return requestId;
        }

        @Override
        public String getLogGroupName() {
            return LOG_GROUP;
        }

        @Override
        public String getLogStreamName() {
            return LOG_STREAM;
        }

        @Override
        public String getFunctionName() {
            return FUNCTION_NAME;
        }

        @Override
        public String getFunctionVersion() {
            return FUNCTION_VERSION;
        }

        @Override
        public String getInvokedFunctionArn() {
            return invokedFunctionArn;
        }

        @Override
        public CognitoIdentity getIdentity() {
            return identity;
        }

        @Override
        public ClientContext getClientContext() {
            return clientContext;
        }

        @Override
        public int getRemainingTimeInMillis() {
            long left = deadlineMs - System.currentTimeMillis();
            return left > 0 ? (int) left : 0;
        }

        @Override
        public int getMemoryLimitInMB() {
            return MEMORY_MB;
        }

        @Override
        public LambdaLogger getLogger() {
            return LambdaRuntime.getLogger();
        }

        @Override
        public String getTenantId() {
            return tenantId;
        }

        @Override
        public String getXrayTraceId() {
            return traceId;
        }

        @Override
        public String toString() {
            return "LambdaContext{awsRequestId=" + requestId + ", functionName=" + FUNCTION_NAME + ", functionVersion=" + FUNCTION_VERSION
                    + ", invokedFunctionArn=" + invokedFunctionArn + ", memoryLimitInMB=" + MEMORY_MB + "}";
        }
    }

    static final String FUNCTION_NAME = System.getenv("AWS_LAMBDA_FUNCTION_NAME");
    static final String FUNCTION_VERSION = System.getenv("AWS_LAMBDA_FUNCTION_VERSION");
    static final String LOG_GROUP = System.getenv("AWS_LAMBDA_LOG_GROUP_NAME");
    static final String LOG_STREAM = System.getenv("AWS_LAMBDA_LOG_STREAM_NAME");
    static final int MEMORY_MB = parseInt(System.getenv("AWS_LAMBDA_FUNCTION_MEMORY_SIZE"), 128);

    private static int parseInt(String text, int fallback) {
        try {
            return Integer.parseInt(text);
        } catch (RuntimeException e) {
            return fallback;
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, String> stringMap(Object value) {
        if (!(value instanceof Map)) return null;
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : ((Map<String, Object>) value).entrySet()) {
            out.put(e.getKey(), e.getValue() == null ? null : e.getValue().toString());
        }
        return out;
    }

    /** The context object of one invocation, from the headers of its GET next. */
    static Invocation of(RuntimeApi.Response next, String requestId) {
        long deadline = 0;
        try {
            deadline = Long.parseLong(next.header("lambda-runtime-deadline-ms"));
        } catch (RuntimeException ignored) {
            // no deadline given: no time left
        }
        CognitoIdentity identity = null;
        String cognito = next.header("lambda-runtime-cognito-identity");
        if (cognito != null && !cognito.isEmpty()) {
            Map<String, Object> m = Serialization.readObject(cognito);
            if (m != null) {
                identity = new Identity((String) m.get("cognitoIdentityId"), (String) m.get("cognitoIdentityPoolId"));
            }
        }
        ClientContext clientContext = null;
        String client = next.header("lambda-runtime-client-context");
        if (client != null && !client.isEmpty()) {
            Map<String, Object> m = Serialization.readObject(client);
            if (m != null) {
                Object app = m.get("client");
                clientContext = new Mobile(app instanceof Map ? new Caller((Map<?, ?>) app) : null, stringMap(m.get("custom")), stringMap(m.get("env")));
            }
        }
        return new Invocation(requestId, deadline, next.header("lambda-runtime-invoked-function-arn"), next.header("lambda-runtime-trace-id"),
                next.header("lambda-runtime-aws-tenant-id"), identity, clientContext);
    }
}
