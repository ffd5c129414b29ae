// Agency clerks' sign-in: a Cognito user pool whose users only the PDPC administrator creates,
// each with the unit they act for (custom:unit, which clerks cannot change), TOTP required at every
// sign-in, passwords reset by e-mail; Cognito's managed login pages at a domain of its own; and the
// clerk page's public client (authorization code with PKCE, no secret a browser could not keep).
import { Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import {
  AccountRecovery,
  CfnManagedLoginBranding,
  ClientAttributes,
  FeaturePlan,
  ManagedLoginVersion,
  Mfa,
  OAuthScope,
  StringAttribute,
  UserPool,
  type UserPoolClient,
  UserPoolClientIdentityProvider,
  type UserPoolDomain,
} from 'aws-cdk-lib/aws-cognito';
import { Construct } from 'constructs';

export interface ClerkSignInProps {
  /** LeakscanConfig.clerkDomainPrefix */
  domainPrefix: string;
  /** The clerk page's URL (https://<distribution domain>/): where sign-in and sign-out come back to. */
  pageUrl: string;
}

/** The base URL of the Cognito domain with this prefix, in the stack's region. */
export const cognitoDomainUrl = (scope: Construct, prefix: string): string => `https://${prefix}.auth.${Stack.of(scope).region}.amazoncognito.com`;

export class ClerkSignIn extends Construct {
  readonly userPool: UserPool;
  readonly client: UserPoolClient;
  readonly domain: UserPoolDomain;
  /** https://<prefix>.auth.<region>.amazoncognito.com: /oauth2/authorize, /oauth2/token, /logout. */
  readonly domainUrl: string;
  /** The ID tokens' issuer, which the check API's JWT authorizer trusts. */
  readonly issuer: string;

  constructor(scope: Construct, id: string, { domainPrefix, pageUrl }: ClerkSignInProps) {
    super(scope, id);
    this.userPool = new UserPool(this, 'UserPool', {
      // Essentials: managed login pages; Plus (threat protection) is acknowledged below.
      featurePlan: FeaturePlan.ESSENTIALS,
      // A clerk acts for a unit, so the PDPC vouches for every account (admin-create-user).
      selfSignUpEnabled: false,
      signInAliases: { email: true },
      autoVerify: { email: true },
      mfa: Mfa.REQUIRED,
      // An authenticator app only: SMS codes can be intercepted, and cost per message.
      mfaSecondFactor: { sms: false, otp: true, email: false },
      passwordPolicy: { minLength: 12, requireLowercase: true, requireUppercase: true, requireDigits: true, requireSymbols: true, tempPasswordValidity: Duration.days(7) },
      accountRecovery: AccountRecovery.EMAIL_ONLY,
      customAttributes: {
        // The unit whose checks the clerk may make and read (shared/findings-message.ts UNIT_ID):
        // mutable so that the administrator can move a clerk, never written by the app client.
        unit: new StringAttribute({ minLen: 1, maxLen: 64, mutable: true }),
      },
      // The clerks' accounts outlive any redeployment.
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    Validations.of(this.userPool).acknowledge({
      id: 'AwsSolutions-COG8',
      reason:
        'Essentials tier: accounts exist only when the PDPC creates them, every sign-in needs a TOTP code, and the API refuses tokens without MFA; Plus threat protection would be billed for every clerk each month.',
    });

    this.domainUrl = cognitoDomainUrl(this, domainPrefix);
    this.domain = this.userPool.addDomain('Domain', { cognitoDomain: { domainPrefix }, managedLoginVersion: ManagedLoginVersion.NEWER_MANAGED_LOGIN });
    this.issuer = `https://cognito-idp.${Stack.of(this).region}.${Stack.of(this).urlSuffix}/${this.userPool.userPoolId}`;

    // The page's own URL, and the same page named by its file.
    const pageUrls = [pageUrl, `${pageUrl}index.html`];
    this.client = this.userPool.addClient('PageClient', {
      // A browser keeps no secret: PKCE protects the code instead.
      generateSecret: false,
      oAuth: {
        flows: { authorizationCodeGrant: true },
        scopes: [OAuthScope.OPENID, OAuthScope.EMAIL, OAuthScope.PROFILE],
        callbackUrls: pageUrls,
        logoutUrls: pageUrls,
      },
      supportedIdentityProviders: [UserPoolClientIdentityProvider.COGNITO],
      // Managed login signs in with SRP (the password never leaves the browser); no plain-password or custom flows.
      authFlows: { userSrp: true },
      idTokenValidity: Duration.minutes(60),
      accessTokenValidity: Duration.minutes(60),
      // The page keeps only the ID token: a clerk signs in again after an hour.
      refreshTokenValidity: Duration.minutes(60),
      preventUserExistenceErrors: true,
      enableTokenRevocation: true,
      readAttributes: new ClientAttributes().withStandardAttributes({ email: true, emailVerified: true, fullname: true }).withCustomAttributes('unit'),
      // Not custom:unit (nor the e-mail address a clerk signs in with): the administrator sets them.
      writeAttributes: new ClientAttributes().withStandardAttributes({ fullname: true }),
    });
    // Managed login shows an error page to a client that has no style: Cognito's own.
    new CfnManagedLoginBranding(this, 'Branding', { userPoolId: this.userPool.userPoolId, clientId: this.client.userPoolClientId, useCognitoProvidedValues: true });
  }
}
