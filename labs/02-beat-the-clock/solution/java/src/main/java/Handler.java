import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

public class Handler implements RequestHandler<Handler.Request, Map<String, List<String>>> {
    // Init: the reference table (simulated, 150 MB) is loaded once per execution environment.
    private static final byte[][] TABLE = loadTable(150);

    // Time kept back to return the answer before the deadline.
    private static final int SAFETY_MS = 500;

    private static byte[][] loadTable(int megabytes) {
        byte[][] rows = new byte[megabytes][];
        for (int i = 0; i < megabytes; i++) {
            rows[i] = new byte[1024 * 1024];
            Arrays.fill(rows[i], (byte) 'L');
        }
        return rows;
    }

    public static class Job {
        public String id;
        public int ms;
    }

    public static class Request {
        public List<Job> jobs = new ArrayList<>();
    }

    @Override
    public Map<String, List<String>> handleRequest(Request event, Context context) {
        List<String> done = new ArrayList<>();
        for (Job job : event.jobs) {
            if (context.getRemainingTimeInMillis() < job.ms + SAFETY_MS) break;
            work(job.ms);
            done.add(job.id);
        }
        List<String> left = new ArrayList<>();
        for (Job job : event.jobs.subList(done.size(), event.jobs.size())) left.add(job.id);
        System.out.println("Done " + done.size() + " job(s), " + left.size() + " left; table of " + TABLE.length + " MB");
        return Map.of("done", done, "left", left);
    }

    private static void work(int ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
