# Lab 2: beat the clock.

# Init: the function loads a reference table once per execution environment. Here it is
# simulated with 150 MB of data; function.json decides how much memory the function gets.
TABLE = 'lambda' * (25 * 1024 * 1024)

def work(ms)
  sleep(ms / 1000.0)
end

# The event lists jobs to do in order: {"jobs" => [{"id" => "job-1", "ms" => 400}, ...]}.
def lambda_handler(event:, context:)
  jobs = event.fetch('jobs', [])
  done = []
  jobs.each do |job|
    # Your code here: stop before Lambda's timeout stops you. The context object knows
    # how many milliseconds this invocation has left.
    work(job['ms'])
    done << job['id']
  end
  left = jobs.drop(done.size).map { |job| job['id'] }
  puts "Done #{done.size} job(s), #{left.size} left; table of #{TABLE.bytesize} bytes"
  { done: done, left: left }
end
