// Lab 2: beat the clock.
package main

import (
	"bytes"
	"context"
	"fmt"
	"time"

	"github.com/aws/aws-lambda-go/lambda"
)

// Init: the function loads a reference table once per execution environment. Here it is
// simulated with 150 MB of data; function.json decides how much memory the function gets.
var table = bytes.Repeat([]byte("lambda"), 25*1024*1024)

func work(ms int) {
	time.Sleep(time.Duration(ms) * time.Millisecond)
}

// Event lists jobs to do in order: {"jobs": [{"id": "job-1", "ms": 400}, ...]}.
type Event struct {
	Jobs []Job `json:"jobs"`
}

type Job struct {
	ID string `json:"id"`
	Ms int    `json:"ms"`
}

type Result struct {
	Done []string `json:"done"`
	Left []string `json:"left"`
}

func handler(ctx context.Context, event Event) (Result, error) {
	done := []string{}
	for _, job := range event.Jobs {
		// Your code here: stop before Lambda's timeout stops you. The context knows when
		// this invocation's time is up: ctx.Deadline().
		work(job.Ms)
		done = append(done, job.ID)
	}
	left := []string{}
	for _, job := range event.Jobs[len(done):] {
		left = append(left, job.ID)
	}
	fmt.Printf("Done %d job(s), %d left; table of %d bytes\n", len(done), len(left), len(table))
	return Result{Done: done, Left: left}, nil
}

func main() {
	lambda.Start(handler)
}
