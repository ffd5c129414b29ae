// The clerks' check API: an HTTP API whose every route needs a Cognito ID token of the clerks' user
// pool (the function then requires MFA and the clerk's unit), in front of one function that hands
// out presigned URLs: a PUT of a draft under checks/, a GET of a check's masked copy; and reads
// checks' results. Its role may do exactly that in the ingest bucket, nothing else.
import { Duration, Stack } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import { CorsHttpMethod, HttpApi, HttpMethod, type HttpStage, LogGroupLogDestination } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpJwtAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { CHECK_RESULTS_PREFIX, CHECKS_PREFIX } from '../shared/findings-message.ts';
import { acknowledgeBucketObjects } from './acknowledgements.ts';
import type { ClerkSignIn } from './clerk-sign-in.ts';
import { leakscanFunction } from './leakscan-function.ts';

export interface CheckApiProps {
  bucket: IBucket;
  signIn: ClerkSignIn;
  /** https://<distribution domain>: the one origin whose scripts may call the API. */
  pageOrigin: string;
  logRetention: RetentionDays;
}

export class CheckApi extends Construct {
  readonly api: HttpApi;
  readonly stage: HttpStage;
  readonly function: NodejsFunction;
  /** The API's base URL, ending in a slash. */
  readonly url: string;

  constructor(scope: Construct, id: string, { bucket, signIn, pageOrigin, logRetention }: CheckApiProps) {
    super(scope, id);
    this.function = leakscanFunction(this, 'Function', {
      entry: 'functions/checks/api.ts',
      // It signs URLs and reads small JSON results: no document passes through it.
      memorySize: 256,
      timeout: Duration.seconds(10),
      logRetention,
      environment: { INGEST_BUCKET: bucket.bucketName },
    });
    // Presigned URLs carry the function's own permissions: a draft's PUT, a result's or masked copy's GET.
    this.function.addToRolePolicy(new PolicyStatement({ actions: ['s3:PutObject'], resources: [bucket.arnForObjects(`${CHECKS_PREFIX}/*`), bucket.arnForObjects(`${CHECK_RESULTS_PREFIX}*`)] }));
    this.function.addToRolePolicy(new PolicyStatement({ actions: ['s3:GetObject'], resources: [bucket.arnForObjects(`${CHECK_RESULTS_PREFIX}*`)] }));
    // Listing the results' prefix only: without it S3 answers a result not yet written with AccessDenied, not NoSuchKey.
    this.function.addToRolePolicy(new PolicyStatement({ actions: ['s3:ListBucket'], resources: [bucket.bucketArn], conditions: { StringLike: { 's3:prefix': `${CHECK_RESULTS_PREFIX}*` } } }));
    acknowledgeBucketObjects(this.function, bucket, `${CHECKS_PREFIX}/`, "A clerk's draft goes under checks/<unit>/<check ID>/ with its own file name, by a URL the function presigns.");
    acknowledgeBucketObjects(this.function, bucket, CHECK_RESULTS_PREFIX, "Each check has a result (and a masked copy) of its own, named after the check, under the clerk's unit.");

    this.api = new HttpApi(this, 'Api', {
      apiName: `${Stack.of(this).stackName}-checks`,
      description: 'leakscan: clerks check drafts before publishing them',
      // The stage below, with throttling and access logs.
      createDefaultStage: false,
      defaultAuthorizer: new HttpJwtAuthorizer('ClerkIdToken', signIn.issuer, {
        jwtAudience: [signIn.client.userPoolClientId],
        identitySource: ['$request.header.Authorization'],
      }),
      // API Gateway answers the browser's preflight itself, for the clerk page only.
      corsPreflight: {
        allowOrigins: [pageOrigin],
        allowMethods: [CorsHttpMethod.GET, CorsHttpMethod.POST],
        allowHeaders: ['authorization', 'content-type'],
        maxAge: Duration.hours(1),
      },
    });
    const integration = new HttpLambdaIntegration('Checks', this.function);
    this.api.addRoutes({ path: '/checks', methods: [HttpMethod.POST], integration });
    this.api.addRoutes({ path: '/checks/{checkId}', methods: [HttpMethod.GET], integration });
    this.api.addRoutes({ path: '/checks/{checkId}/masked-copy', methods: [HttpMethod.GET], integration });

    const accessLogs = new LogGroup(this, 'AccessLogs', { retention: logRetention });
    this.stage = this.api.addStage('DefaultStage', {
      stageName: '$default',
      autoDeploy: true,
      // A clerk checks a few drafts at a time; this bounds what a stolen token or a loop can cost.
      throttle: { rateLimit: 20, burstLimit: 40 },
      accessLogSettings: {
        destination: new LogGroupLogDestination(accessLogs),
        // Who (the clerk's Cognito sub) asked for what, and why it was refused: no token, no body.
        format: AccessLogFormat.custom(
          JSON.stringify({
            requestId: '$context.requestId',
            time: '$context.requestTime',
            ip: '$context.identity.sourceIp',
            route: '$context.routeKey',
            path: '$context.path',
            status: '$context.status',
            sub: '$context.authorizer.claims.sub',
            authorizerError: '$context.authorizer.error',
            integrationError: '$context.integrationErrorMessage',
            latencyMs: '$context.responseLatency',
          }),
        ),
      },
    });
    this.url = this.stage.url;
  }
}
