# Lab 2: beat the clock.
import time

# Init: the function loads a reference table once per execution environment. Here it is
# simulated with 150 MB of data; function.json decides how much memory the function gets.
TABLE = b"lambda" * (25 * 1024 * 1024)


def work(ms):
    time.sleep(ms / 1000)


# The event lists jobs to do in order: {"jobs": [{"id": "job-1", "ms": 400}, ...]}.
def lambda_handler(event, context):
    jobs = event.get("jobs", [])
    done = []
    for job in jobs:
        # Your code here: stop before Lambda's timeout stops you. The context object knows
        # how many milliseconds this invocation has left.
        work(job["ms"])
        done.append(job["id"])
    left = [job["id"] for job in jobs[len(done):]]
    print(f"Done {len(done)} job(s), {len(left)} left; table of {len(TABLE)} bytes")
    return {"done": done, "left": left}
