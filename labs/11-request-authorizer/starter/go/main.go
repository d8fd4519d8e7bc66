package main

import (
	"context"
	"log"
	"os"

	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-lambda-go/lambda"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
)

type authorizer struct {
	dynamodb  *dynamodb.Client
	tableName string
}

func (a authorizer) handle(ctx context.Context, event events.APIGatewayV2CustomAuthorizerV2Request) (events.APIGatewayV2CustomAuthorizerSimpleResponse, error) {
	apiKey := event.Headers["x-api-key"]
	if apiKey == "" {
		return events.APIGatewayV2CustomAuthorizerSimpleResponse{IsAuthorized: false}, nil
	}
	out, err := a.dynamodb.GetItem(ctx, &dynamodb.GetItemInput{
		TableName: &a.tableName,
		Key:       map[string]types.AttributeValue{"apiKey": &types.AttributeValueMemberS{Value: apiKey}},
	})
	if err != nil {
		return events.APIGatewayV2CustomAuthorizerSimpleResponse{}, err
	}
	if out.Item == nil {
		return events.APIGatewayV2CustomAuthorizerSimpleResponse{IsAuthorized: false}, nil
	}

	// TODO: the key must be registered for the device in the query string (the item's device),
	// and a WebSocket $connect event (it has a methodArn) needs an IAM policy, not a simple response.
	return events.APIGatewayV2CustomAuthorizerSimpleResponse{
		IsAuthorized: true,
		Context:      map[string]interface{}{"userId": out.Item["userId"].(*types.AttributeValueMemberS).Value},
	}, nil
}

func main() {
	// Made once per execution environment; the table's name comes from the configuration.
	cfg, err := config.LoadDefaultConfig(context.Background())
	if err != nil {
		log.Fatal(err)
	}
	a := authorizer{dynamodb: dynamodb.NewFromConfig(cfg), tableName: os.Getenv("TABLE_NAME")}
	lambda.Start(a.handle)
}
