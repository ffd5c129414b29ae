// The clerk page: static files (clerk/, the Thai labels and the deployment's config.json) in a
// private bucket that only the CloudFront distribution may read (origin access control), served
// over HTTPS only with headers that keep the page from being framed, sniffed or leaking its URL,
// and a Content-Security-Policy that lets it load nothing but its own files and talk to nothing but
// the check API, the sign-in domain and the ingest bucket.
import { fileURLToPath } from 'node:url';
import { Duration, Stack, Token, Validations } from 'aws-cdk-lib';
import { Distribution, HeadersFrameOption, HeadersReferrerPolicy, HttpVersion, PriceClass, ResponseHeadersPolicy, ViewerProtocolPolicy } from 'aws-cdk-lib/aws-cloudfront';
import { S3BucketOrigin } from 'aws-cdk-lib/aws-cloudfront-origins';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import { BlockPublicAccess, Bucket, BucketEncryption, ObjectOwnership } from 'aws-cdk-lib/aws-s3';
import { BucketDeployment, Source } from 'aws-cdk-lib/aws-s3-deployment';
import { Construct } from 'constructs';
import { THAI_LABELS_MODULE } from '../shared/thai-labels.ts';
import { acknowledgeBucketObjects } from './acknowledgements.ts';
import type { ClerkSignIn } from './clerk-sign-in.ts';

/** The page's own files: index.html, app.js, style.css. */
const PAGE_DIR = fileURLToPath(new URL('../clerk', import.meta.url));

export interface ClerkPageProps {
  /** The Cognito domain's base URL (clerk-sign-in.ts cognitoDomainUrl): the page fetches tokens from it. */
  signInUrl: string;
  /** How long the distribution's and the bucket's access logs are kept (LeakscanConfig.logRetentionDays). */
  logRetention: RetentionDays;
}

/** What the page reads from config.json (the contract of issue 19). */
export interface ClerkPageSettings {
  apiUrl: string;
  signIn: ClerkSignIn;
}

export class ClerkPage extends Construct {
  readonly bucket: Bucket;
  readonly distribution: Distribution;
  readonly responseHeaders: ResponseHeadersPolicy;
  /** https://<distribution domain>: what the API's and the ingest bucket's CORS rules allow. */
  readonly origin: string;
  /** https://<distribution domain>/: the page, and where sign-in comes back to. */
  readonly url: string;
  private readonly logRetention: RetentionDays;

  constructor(scope: Construct, id: string, { signInUrl, logRetention }: ClerkPageProps) {
    super(scope, id);
    this.logRetention = logRetention;
    const secure = { blockPublicAccess: BlockPublicAccess.BLOCK_ALL, encryption: BucketEncryption.S3_MANAGED, enforceSSL: true } as const;
    // CloudFront's standard logs are delivered by ACL, hence object ownership that allows one.
    const accessLogs = new Bucket(this, 'AccessLogs', {
      ...secure,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_PREFERRED,
      // Viewers' IP addresses: kept as long as the functions' logs.
      lifecycleRules: [{ expiration: Duration.days(logRetention) }],
    });
    Validations.of(accessLogs).acknowledge({ id: 'AwsSolutions-S1', reason: "This bucket receives the clerk page's access logs; logging it too would loop." });
    this.bucket = new Bucket(this, 'Bucket', { ...secure, serverAccessLogsBucket: accessLogs, serverAccessLogsPrefix: 'page-bucket/' });

    const { region, urlSuffix } = Stack.of(this);
    // Not the API's and the ingest bucket's own hosts: their CORS rules name the distribution, and
    // CloudFormation refuses the cycle (distribution → this policy → API or bucket → distribution).
    // So their regional endpoints: scripts from this page only, talking to AWS in this region only.
    const connectSources = ["'self'", `https://*.execute-api.${region}.${urlSuffix}`, signInUrl, `https://*.s3.${region}.${urlSuffix}`];
    this.responseHeaders = new ResponseHeadersPolicy(this, 'ResponseHeaders', {
      comment: 'leakscan clerk page: strict CSP, HSTS, nosniff, no referrer, no framing',
      securityHeadersBehavior: {
        contentSecurityPolicy: {
          contentSecurityPolicy: [`default-src 'self'`, `connect-src ${connectSources.join(' ')}`, `object-src 'none'`, `base-uri 'none'`, `frame-ancestors 'none'`].join('; '),
          override: true,
        },
        strictTransportSecurity: { accessControlMaxAge: Duration.days(730), includeSubdomains: true, override: true },
        contentTypeOptions: { override: true },
        // After sign-in the page's URL holds the authorization code: no other site may see it.
        referrerPolicy: { referrerPolicy: HeadersReferrerPolicy.NO_REFERRER, override: true },
        frameOptions: { frameOption: HeadersFrameOption.DENY, override: true },
      },
    });
    this.distribution = new Distribution(this, 'Distribution', {
      comment: 'leakscan clerk page',
      defaultBehavior: {
        origin: S3BucketOrigin.withOriginAccessControl(this.bucket),
        viewerProtocolPolicy: ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        responseHeadersPolicy: this.responseHeaders,
      },
      defaultRootObject: 'index.html',
      httpVersion: HttpVersion.HTTP2_AND_3,
      // Includes Thailand's edge locations (and its neighbours'), not South America's or Oceania's.
      priceClass: PriceClass.PRICE_CLASS_200,
      enableLogging: true,
      logBucket: accessLogs,
      logFilePrefix: 'distribution/',
    });
    Validations.of(this.distribution).acknowledge(
      {
        id: 'AwsSolutions-CFR1',
        reason: "The page is public code with no data in it; clerks abroad (embassies, travel) must reach it, and the data behind it needs a clerk's MFA sign-in.",
      },
      {
        id: 'AwsSolutions-CFR2',
        reason: 'The distribution serves a few static files from a private bucket; the API behind the page is throttled and needs a signed-in clerk. A web ACL would cost more than it protects.',
      },
      {
        id: 'AwsSolutions-CFR4',
        reason: 'The default *.cloudfront.net certificate, whose TLS policy CloudFront fixes; a custom domain with an ACM certificate would allow TLSv1.2_2021, and this deployment has none.',
      },
    );
    this.origin = `https://${this.distribution.distributionDomainName}`;
    this.url = `${this.origin}/`;
  }

  /** Puts the page's files in the bucket with the Thai labels and config.json, and refreshes CloudFront's copies. */
  publish({ apiUrl, signIn }: ClerkPageSettings): BucketDeployment {
    const deployment = new BucketDeployment(this, 'Files', {
      sources: [
        // Not the type declarations beside the files, nor what this deployment writes itself.
        Source.asset(PAGE_DIR, { exclude: ['*.d.ts', 'thai-labels.js', 'config.json'] }),
        Source.data('thai-labels.js', THAI_LABELS_MODULE),
        Source.jsonData('config.json', {
          apiUrl,
          authorizeUrl: `${signIn.domainUrl}/oauth2/authorize`,
          tokenUrl: `${signIn.domainUrl}/oauth2/token`,
          logoutUrl: `${signIn.domainUrl}/logout`,
          clientId: signIn.client.userPoolClientId,
        }),
      ],
      destinationBucket: this.bucket,
      distribution: this.distribution,
      distributionPaths: ['/*'],
      logGroup: new LogGroup(this, 'FilesDeploymentLogs', { retention: this.logRetention }),
    });
    // CDK's own deployment function (one per stack, beside this construct), as CDK defines it.
    const deployer = deployment.handlerRole.node.scope as Construct;
    const stack = Stack.of(this);
    const copying = 'CDK copies the page files from its assets bucket into the page bucket, and removes the old ones.';
    Validations.of(deployer).acknowledge(
      { id: 'AwsSolutions-L1', reason: "CDK's BucketDeployment picks its handler's Python runtime; it runs only at deployment." },
      ...['s3:GetObject*', 's3:GetBucket*', 's3:List*', 's3:DeleteObject*', 's3:Abort*'].map((action) => ({ id: `AwsSolutions-IAM5[Action::${action}]`, reason: copying })),
      { id: `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:s3:::cdk-hnb659fds-assets-${nagName(stack.account, 'AccountId')}-${nagName(stack.region, 'Region')}/*]`, reason: copying },
      { id: 'AwsSolutions-IAM5[Resource::*]', reason: 'CloudFront invalidations (after each deployment, so that clerks get the new files) are granted by CDK on every distribution.' },
    );
    acknowledgeBucketObjects(deployer, this.bucket, '', copying);
    return deployment;
  }
}

/** How cdk-nag writes an account or region in a finding's ID: the value when the stack has one (`cdk synth` in an account), else the pseudo parameter. */
const nagName = (value: string, pseudo: string): string => (Token.isUnresolved(value) ? `<AWS::${pseudo}>` : value);
