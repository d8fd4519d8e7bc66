package main

import (
	"context"
	"log"
	"os"

	"github.com/aws/aws-lambda-go/lambda"
)

type request struct {
	Name string `json:"name"`
}

func main() {
	// Read once per execution environment, during Init, before the first event.
	tableName := os.Getenv("TABLE_NAME")
	if tableName == "" {
		log.Fatal("Missing environment variable TABLE_NAME")
	}
	greeting, ok := os.LookupEnv("GREETING") // optional, with a default
	if !ok {
		greeting = "Hello"
	}
	lambda.Start(func(ctx context.Context, event request) (map[string]string, error) {
		name := event.Name
		if name == "" {
			name = "world"
		}
		return map[string]string{"table": tableName, "message": greeting + ", " + name + "!"}, nil
	})
}
