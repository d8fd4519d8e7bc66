package main

import (
	"context"
	"log"
	"os"

	"github.com/aws/aws-lambda-go/lambda"
	"lambdadojo.local/kms"
)

func main() {
	// Decrypted once per execution environment, during Init, before the first event.
	apiKey, err := kms.Decrypt(os.Getenv("API_KEY"))
	if err != nil {
		log.Fatal(err)
	}
	lambda.Start(func(ctx context.Context) (map[string]int, error) {
		return map[string]int{"keyLength": len(apiKey)}, nil
	})
}
