package main

import (
	"bytes"
	"context"
	"fmt"
	"time"

	"github.com/aws/aws-lambda-go/lambda"
)

// Init: the reference table (simulated, 150 MB) is loaded once per execution environment.
var table = bytes.Repeat([]byte("lambda"), 25*1024*1024)

// Time kept back to return the answer before the deadline.
const safety = 500 * time.Millisecond

func work(ms int) {
	time.Sleep(time.Duration(ms) * time.Millisecond)
}

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
	deadline, _ := ctx.Deadline()
	done := []string{}
	for _, job := range event.Jobs {
		if time.Until(deadline) < time.Duration(job.Ms)*time.Millisecond+safety {
			break
		}
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
