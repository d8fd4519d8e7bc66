package lambdadojo.runtime;

import com.amazonaws.services.lambda.runtime.LambdaLogger;
import java.nio.charset.StandardCharsets;

/**
 * The logger behind Context.getLogger() and LambdaRuntime.getLogger(): one log event per call.
 * On Lambda, AWS's runtime frames each call as one event on its telemetry pipe; the service
 * here reads the runtime's standard output line by line, so the line breaks inside a message
 * travel as carriage returns and the event stays one line, as CloudWatch shows it.
 */
final class LineLogger implements LambdaLogger {
    static final LineLogger INSTANCE = new LineLogger();

    private LineLogger() {
    }

    @Override
    public void log(String message) {
        String text = message == null ? "null" : message;
        if (text.endsWith("\n")) text = text.substring(0, text.length() - 1);
        System.out.println(text.replace('\n', '\r'));
    }

    @Override
    public void log(byte[] message) {
        log(message == null ? "null" : new String(message, StandardCharsets.UTF_8));
    }
}
