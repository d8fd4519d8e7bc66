package main

import (
	"context"
	"encoding/json"
	"errors"
	"log"
	"os"
	"strings"

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

// header finds a header by name in any case: HTTP API's payload 2.0 lower-cases names,
// WebSocket events keep the client's.
func header(headers map[string]string, name string) string {
	for key, value := range headers {
		if strings.ToLower(key) == name {
			return value
		}
	}
	return ""
}

// callerOf answers the caller's user id when the API key is known and registered for this
// device, and "" otherwise.
func (a authorizer) callerOf(ctx context.Context, apiKey, device string) (string, error) {
	if apiKey == "" || device == "" {
		return "", nil
	}
	out, err := a.dynamodb.GetItem(ctx, &dynamodb.GetItemInput{
		TableName: &a.tableName,
		Key:       map[string]types.AttributeValue{"apiKey": &types.AttributeValueMemberS{Value: apiKey}},
	})
	if err != nil || out.Item == nil || out.Item["device"].(*types.AttributeValueMemberS).Value != device {
		return "", err
	}
	return out.Item["userId"].(*types.AttributeValueMemberS).Value, nil
}

// handle answers both APIs: the event's shape says which one is asking.
func (a authorizer) handle(ctx context.Context, raw json.RawMessage) (interface{}, error) {
	var probe struct {
		MethodArn string `json:"methodArn"`
	}
	if err := json.Unmarshal(raw, &probe); err != nil {
		return nil, err
	}

	// A WebSocket $connect (and a REST API) sends methodArn and reads an IAM policy.
	if probe.MethodArn != "" {
		var event events.APIGatewayCustomAuthorizerRequestTypeRequest
		if err := json.Unmarshal(raw, &event); err != nil {
			return nil, err
		}
		device := event.QueryStringParameters["device"]
		userID, err := a.callerOf(ctx, header(event.Headers, "x-api-key"), device)
		if err != nil {
			return nil, err
		}
		if userID == "" {
			return nil, errors.New("Unauthorized")
		}
		return events.APIGatewayCustomAuthorizerResponse{
			PrincipalID: userID,
			PolicyDocument: events.APIGatewayCustomAuthorizerPolicy{
				Version:   "2012-10-17",
				Statement: []events.IAMPolicyStatement{{Action: []string{"execute-api:Invoke"}, Effect: "Allow", Resource: []string{event.MethodArn}}},
			},
			Context: map[string]interface{}{"userId": userID, "device": device},
		}, nil
	}

	// An HTTP API with payload format 2.0 and simple responses reads yes or no.
	var event events.APIGatewayV2CustomAuthorizerV2Request
	if err := json.Unmarshal(raw, &event); err != nil {
		return nil, err
	}
	device := event.QueryStringParameters["device"]
	userID, err := a.callerOf(ctx, header(event.Headers, "x-api-key"), device)
	if err != nil {
		return nil, err
	}
	if userID == "" {
		return events.APIGatewayV2CustomAuthorizerSimpleResponse{IsAuthorized: false}, nil
	}
	return events.APIGatewayV2CustomAuthorizerSimpleResponse{
		IsAuthorized: true,
		Context:      map[string]interface{}{"userId": userID, "device": device},
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
