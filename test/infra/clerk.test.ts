// The clerk's check in AWS (issue 19): sign-in (Cognito, TOTP required), the check API behind a
// JWT authorizer, the clerk page behind CloudFront, and what they change in the ingest bucket and
// the e-mails, checked on the synthesized template.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { App } from 'aws-cdk-lib';
import { describe, expect, it } from 'vitest';
import { readConfig } from '../../infra/config.ts';
import { THAI_LABELS_MODULE } from '../../shared/thai-labels.ts';
import { grantsOf, policyStatements, render, resource, synth } from './template.ts';

const { app, template } = synth();

const PAGE_ORIGIN = 'https://ClerkPageDistribution.DomainName';
const PAGE_URL = `${PAGE_ORIGIN}/`;
const COGNITO_DOMAIN = `https://leakscan-dev-clerks.auth.\${AWS::Region}.amazoncognito.com`;

describe('clerk sign-in', () => {
  const userPool = () => resource(template, 'AWS::Cognito::UserPool', 'ClerkSignInUserPool');
  const client = () => resource(template, 'AWS::Cognito::UserPoolClient', 'ClerkSignInUserPoolPageClient').Properties;

  it('requires MFA by an authenticator app (no SMS), and a strong password', () => {
    const { Properties } = userPool();
    expect(Properties.MfaConfiguration).toBe('ON');
    expect(Properties.EnabledMfas).toEqual(['SOFTWARE_TOKEN_MFA']);
    expect(Properties.Policies.PasswordPolicy).toMatchObject({ MinimumLength: 12, RequireLowercase: true, RequireUppercase: true, RequireNumbers: true, RequireSymbols: true });
  });

  it('lets only the administrator create clerks, who sign in by e-mail and reset their password by a verified e-mail', () => {
    const { Properties } = userPool();
    expect(Properties.AdminCreateUserConfig).toEqual({ AllowAdminCreateUserOnly: true });
    expect(Properties.UsernameAttributes).toEqual(['email']);
    expect(Properties.AccountRecoverySetting).toEqual({ RecoveryMechanisms: [{ Name: 'verified_email', Priority: 1 }] });
  });

  it("keeps each clerk's unit in custom:unit, which the page's client may read and may not write", () => {
    expect(userPool().Properties.Schema).toEqual([{ Name: 'unit', AttributeDataType: 'String', Mutable: true, StringAttributeConstraints: { MinLength: '1', MaxLength: '64' } }]);
    expect(client().ReadAttributes).toContain('custom:unit');
    expect(client().WriteAttributes).toEqual(['name']);
    expect(client().WriteAttributes).not.toContain('custom:unit');
  });

  it('is protected from deletion, and kept when the stack is deleted', () => {
    expect(userPool().Properties.DeletionProtection).toBe('ACTIVE');
    expect(userPool().DeletionPolicy).toBe('Retain');
  });

  it('signs the page in by authorization code with PKCE: no secret, no implicit grant, no password or custom flows, back to the distribution', () => {
    expect(client()).toMatchObject({
      GenerateSecret: false,
      AllowedOAuthFlows: ['code'],
      AllowedOAuthFlowsUserPoolClient: true,
      AllowedOAuthScopes: ['openid', 'email', 'profile'],
      SupportedIdentityProviders: ['COGNITO'],
      ExplicitAuthFlows: ['ALLOW_USER_SRP_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
    });
    expect(client().CallbackURLs.map(render)).toEqual([PAGE_URL, `${PAGE_URL}index.html`]);
    expect(client().LogoutURLs.map(render)).toEqual([PAGE_URL, `${PAGE_URL}index.html`]);
  });

  it('issues ID tokens for an hour, hides whether an account exists and revokes tokens on sign-out', () => {
    expect(client()).toMatchObject({ IdTokenValidity: 60, TokenValidityUnits: { IdToken: 'minutes' }, PreventUserExistenceErrors: 'ENABLED', EnableTokenRevocation: true });
  });

  it('has managed login pages at the configured domain prefix, styled for the client', () => {
    expect(resource(template, 'AWS::Cognito::UserPoolDomain', 'ClerkSignIn').Properties).toMatchObject({ Domain: 'leakscan-dev-clerks', ManagedLoginVersion: 2 });
    const branding = resource(template, 'AWS::Cognito::ManagedLoginBranding', 'ClerkSignIn').Properties;
    expect([render(branding.ClientId), branding.UseCognitoProvidedValues]).toEqual(['ClerkSignInUserPoolPageClient', true]);
    const other = synth({ clerkDomainPrefix: 'pdpc-clerks', stage: 'prod' }).template;
    expect(resource(other, 'AWS::Cognito::UserPoolDomain', 'ClerkSignIn').Properties.Domain).toBe('pdpc-clerks');
  });

  it("outputs the user pool's and the client's IDs", () => {
    const outputs = template.toJSON().Outputs;
    expect(render(outputs.ClerkUserPoolId.Value)).toBe('ClerkSignInUserPool');
    expect(render(outputs.ClerkUserPoolClientId.Value)).toBe('ClerkSignInUserPoolPageClient');
  });
});

describe('check API', () => {
  const routes = () => Object.values(template.findResources('AWS::ApiGatewayV2::Route')).map((r) => r.Properties);

  it("trusts the clerks' ID tokens only: a JWT authorizer with the user pool as issuer and the page's client as audience", () => {
    const authorizer = resource(template, 'AWS::ApiGatewayV2::Authorizer', 'CheckApi').Properties;
    expect(authorizer).toMatchObject({ AuthorizerType: 'JWT', IdentitySource: ['$request.header.Authorization'] });
    expect(render(authorizer.JwtConfiguration.Issuer)).toBe(`https://cognito-idp.\${AWS::Region}.\${AWS::URLSuffix}/ClerkSignInUserPool`);
    expect(authorizer.JwtConfiguration.Audience.map(render)).toEqual(['ClerkSignInUserPoolPageClient']);
  });

  it('routes the three check requests to the function, each behind the authorizer', () => {
    expect(
      routes()
        .map((r) => r.RouteKey)
        .sort(),
    ).toEqual(['GET /checks/{checkId}', 'GET /checks/{checkId}/masked-copy', 'POST /checks']);
    for (const route of routes()) expect([route.AuthorizationType, render(route.AuthorizerId)]).toEqual(['JWT', 'CheckApiClerkIdToken']);
    const integrations = Object.values(template.findResources('AWS::ApiGatewayV2::Integration')).map((i) => i.Properties);
    expect(integrations.map((i) => [i.IntegrationType, render(i.IntegrationUri), i.PayloadFormatVersion])).toEqual([['AWS_PROXY', 'CheckApiFunction.Arn', '2.0']]);
  });

  it("answers the browser's preflight for the clerk page's origin only", () => {
    const cors = resource(template, 'AWS::ApiGatewayV2::Api', 'CheckApi').Properties.CorsConfiguration;
    expect({ ...cors, AllowOrigins: cors.AllowOrigins.map(render) }).toEqual({
      AllowOrigins: [PAGE_ORIGIN],
      AllowMethods: ['GET', 'POST'],
      AllowHeaders: ['authorization', 'content-type'],
      MaxAge: 3600,
    });
  });

  it('throttles its default stage and logs every request to a log group kept logRetentionDays', () => {
    const stage = resource(template, 'AWS::ApiGatewayV2::Stage', 'CheckApi').Properties;
    expect(stage).toMatchObject({ StageName: '$default', AutoDeploy: true, DefaultRouteSettings: { ThrottlingRateLimit: 20, ThrottlingBurstLimit: 40 } });
    expect(render(stage.AccessLogSettings.DestinationArn)).toBe('CheckApiAccessLogs.Arn');
    expect(JSON.parse(stage.AccessLogSettings.Format)).toMatchObject({ requestId: '$context.requestId', route: '$context.routeKey', status: '$context.status' });
    expect(resource(template, 'AWS::Logs::LogGroup', 'CheckApiAccessLogs').Properties.RetentionInDays).toBe(90);
    expect(render(template.toJSON().Outputs.CheckApiUrl.Value)).toBe(`https://CheckApi.execute-api.\${AWS::Region}.\${AWS::URLSuffix}/`);
  });

  it('runs its function on Node.js 24 on arm64 with 256 MB for 10 s, knowing the ingest bucket', () => {
    const fn = resource(template, 'AWS::Lambda::Function', 'CheckApiFunction').Properties;
    expect(fn).toMatchObject({ Runtime: 'nodejs24.x', Architectures: ['arm64'], MemorySize: 256, Timeout: 10 });
    expect(Object.fromEntries(Object.entries(fn.Environment.Variables).map(([k, v]) => [k, render(v)]))).toEqual({ INGEST_BUCKET: 'IngestBucket', POWERTOOLS_METRICS_NAMESPACE: 'Leakscan' });
  });

  it('lets the function put drafts under checks/ and results under check-results/, read and list results, and nothing more; API Gateway alone invokes it', () => {
    expect(grantsOf(policyStatements(template, 'CheckApiFunction'))).toEqual({
      's3:PutObject': ['IngestBucket.Arn/check-results/*', 'IngestBucket.Arn/checks/*'],
      's3:GetObject': ['IngestBucket.Arn/check-results/*'],
      's3:ListBucket': ['IngestBucket.Arn'],
    });
    const listing = policyStatements(template, 'CheckApiFunction').find((s) => s.Action === 's3:ListBucket');
    expect(listing?.Condition).toEqual({ StringLike: { 's3:prefix': 'check-results/*' } });
    const permissions = Object.values(template.findResources('AWS::Lambda::Permission')).filter((p) => render(p.Properties.FunctionName) === 'CheckApiFunction.Arn');
    expect(permissions.map((p) => [p.Properties.Principal, render(p.Properties.SourceArn).replace(/^.*:CheckApi\//, '')]).sort()).toEqual(
      [
        ['apigateway.amazonaws.com', '*/*/checks'],
        ['apigateway.amazonaws.com', '*/*/checks/{checkId}'],
        ['apigateway.amazonaws.com', '*/*/checks/{checkId}/masked-copy'],
      ].sort(),
    );
  });
});

describe('clerk page', () => {
  const distribution = () => resource(template, 'AWS::CloudFront::Distribution', 'ClerkPageDistribution').Properties.DistributionConfig;
  const headers = () => resource(template, 'AWS::CloudFront::ResponseHeadersPolicy', 'ClerkPage').Properties.ResponseHeadersPolicyConfig.SecurityHeadersConfig;

  it('keeps its files in a private, encrypted, logged bucket that only the distribution may read, over TLS', () => {
    const bucket = resource(template, 'AWS::S3::Bucket', 'ClerkPageBucket').Properties;
    expect(bucket.PublicAccessBlockConfiguration).toEqual({ BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true });
    expect(bucket.BucketEncryption).toEqual({ ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] });
    expect(render(bucket.LoggingConfiguration.DestinationBucketName)).toBe('ClerkPageAccessLogs');
    const policy = Object.values(template.findResources('AWS::S3::BucketPolicy')).find((p) => render(p.Properties.Bucket) === 'ClerkPageBucket')!;
    const [allow, ...others] = policy.Properties.PolicyDocument.Statement.filter((s: { Effect: string }) => s.Effect === 'Allow');
    expect(others).toEqual([]);
    expect(allow).toMatchObject({ Action: 's3:GetObject', Principal: { Service: 'cloudfront.amazonaws.com' } });
    expect(render(allow.Resource)).toBe('ClerkPageBucket.Arn/*');
    expect(render(allow.Condition.StringEquals['AWS:SourceArn'])).toBe(`arn:\${AWS::Partition}:cloudfront::\${AWS::AccountId}:distribution/ClerkPageDistribution`);
    expect(policy.Properties.PolicyDocument.Statement).toContainEqual(expect.objectContaining({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }));
  });

  it('is served by CloudFront through origin access control, HTTPS only, from index.html, in Asia too, with access logs', () => {
    const config = distribution();
    expect(config.Origins).toHaveLength(1);
    expect(render(config.Origins[0].DomainName)).toBe('ClerkPageBucket.RegionalDomainName');
    expect(render(config.Origins[0].OriginAccessControlId)).toBe('ClerkPageDistributionOrigin1S3OriginAccessControl.Id');
    template.hasResourceProperties('AWS::CloudFront::OriginAccessControl', { OriginAccessControlConfig: { OriginAccessControlOriginType: 's3', SigningBehavior: 'always', SigningProtocol: 'sigv4' } });
    expect(config).toMatchObject({ DefaultRootObject: 'index.html', PriceClass: 'PriceClass_200', DefaultCacheBehavior: { ViewerProtocolPolicy: 'redirect-to-https' } });
    expect(render(config.DefaultCacheBehavior.ResponseHeadersPolicyId)).toBe('ClerkPageResponseHeaders');
    expect(render(config.Logging.Bucket)).toBe('ClerkPageAccessLogs.RegionalDomainName');
    expect(resource(template, 'AWS::S3::Bucket', 'ClerkPageAccessLogs').Properties.LifecycleConfiguration.Rules).toEqual([{ ExpirationInDays: 90, Status: 'Enabled' }]);
    expect(render(template.toJSON().Outputs.ClerkPageUrl.Value)).toBe(PAGE_URL);
  });

  it('sends a strict Content-Security-Policy: its own files, and connections to the API, the sign-in domain and S3 in its region only', () => {
    expect(headers().ContentSecurityPolicy.Override).toBe(true);
    expect(render(headers().ContentSecurityPolicy.ContentSecurityPolicy).split('; ')).toEqual([
      "default-src 'self'",
      `connect-src 'self' https://*.execute-api.\${AWS::Region}.\${AWS::URLSuffix} ${COGNITO_DOMAIN} https://*.s3.\${AWS::Region}.\${AWS::URLSuffix}`,
      "object-src 'none'",
      "base-uri 'none'",
      "frame-ancestors 'none'",
    ]);
  });

  it('sends HSTS, nosniff, no referrer and no framing', () => {
    expect(headers()).toMatchObject({
      StrictTransportSecurity: { AccessControlMaxAgeSec: 63_072_000, IncludeSubdomains: true, Override: true },
      ContentTypeOptions: { Override: true },
      ReferrerPolicy: { ReferrerPolicy: 'no-referrer', Override: true },
      FrameOptions: { FrameOption: 'DENY', Override: true },
    });
  });

  it("deploys clerk/, the Thai labels and config.json (the API, Cognito's endpoints and the client ID), then refreshes CloudFront", () => {
    const [deployment, ...others] = Object.values(template.findResources('Custom::CDKBucketDeployment')).map((d) => d.Properties);
    expect(others).toEqual([]);
    expect([render(deployment.DestinationBucketName), render(deployment.DistributionId), deployment.DistributionPaths, deployment.Prune]).toEqual([
      'ClerkPageBucket',
      'ClerkPageDistribution',
      ['/*'],
      true,
    ]);
    const assembly = app.synth().directory;
    const sources = (deployment.SourceObjectKeys as string[]).map((key, i) => ({
      dir: join(assembly, `asset.${key.replace(/\.zip$/, '')}`),
      markers: deployment.SourceMarkers[i] as Record<string, unknown>,
    }));
    const holding = (file: string) => sources.find((s) => existsSync(join(s.dir, file)))!;
    expect(existsSync(join(holding('index.html').dir, 'thai-labels.d.ts'))).toBe(false);
    expect(readFileSync(join(holding('thai-labels.js').dir, 'thai-labels.js'), 'utf8')).toBe(THAI_LABELS_MODULE);
    const config = holding('config.json');
    let text = readFileSync(join(config.dir, 'config.json'), 'utf8');
    for (const [marker, value] of Object.entries(config.markers)) text = text.replaceAll(marker, render(value));
    expect(JSON.parse(text)).toEqual({
      apiUrl: `https://CheckApi.execute-api.\${AWS::Region}.\${AWS::URLSuffix}/`,
      authorizeUrl: `${COGNITO_DOMAIN}/oauth2/authorize`,
      tokenUrl: `${COGNITO_DOMAIN}/oauth2/token`,
      logoutUrl: `${COGNITO_DOMAIN}/logout`,
      clientId: 'ClerkSignInUserPoolPageClient',
    });
  });
});

describe('ingest bucket and e-mails', () => {
  it("let the page's scripts PUT drafts and GET masked copies by presigned URL, from the page's origin only", () => {
    const rules = resource(template, 'AWS::S3::Bucket', 'IngestBucket').Properties.CorsConfiguration.CorsRules;
    expect(rules).toHaveLength(1);
    expect({ ...rules[0], AllowedOrigins: rules[0].AllowedOrigins.map(render) }).toEqual({
      AllowedMethods: ['PUT', 'GET'],
      AllowedOrigins: [PAGE_ORIGIN],
      AllowedHeaders: ['content-type'],
      MaxAge: 3600,
    });
  });

  it('link to the clerk page from the notify and follow-up functions', () => {
    for (const start of ['NotifyFunction', 'FollowUpFunction']) {
      const variables = resource(template, 'AWS::Lambda::Function', start).Properties.Environment.Variables;
      expect(render(variables.CLERK_PAGE_URL)).toBe(PAGE_URL);
    }
  });
});

describe('clerkDomainPrefix', () => {
  it('is leakscan-<stage>-clerks unless given', () => {
    expect(readConfig(new App().node).clerkDomainPrefix).toBe('leakscan-dev-clerks');
    expect(readConfig(new App({ context: { stage: 'prod' } }).node).clerkDomainPrefix).toBe('leakscan-prod-clerks');
    expect(readConfig(new App({ context: { clerkDomainPrefix: '' } }).node).clerkDomainPrefix).toBe('leakscan-dev-clerks');
    expect(readConfig(new App({ context: { clerkDomainPrefix: 'pdpc-clerks-2' } }).node).clerkDomainPrefix).toBe('pdpc-clerks-2');
  });

  it('stops synthesis with a message naming it when Cognito would refuse it', () => {
    for (const prefix of ['Leakscan', 'pdpc_clerks', '-clerks', 'clerks-', 'x'.repeat(64), 'pdpc-aws-clerks', 'amazon-clerks', 'cognito']) {
      expect(() => synth({ clerkDomainPrefix: prefix }), prefix).toThrow(new RegExp(`clerkDomainPrefix must be .*, not ${prefix}$`));
    }
    expect(readConfig(new App({ context: { clerkDomainPrefix: 'x'.repeat(63) } }).node).clerkDomainPrefix).toHaveLength(63);
  });
});
