// Secrets Manager, as the scan function uses it: the fingerprint key, read once per container.
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';

export async function readSecret(secretId: string, client = new SecretsManagerClient({})): Promise<string> {
  const { SecretString } = await client.send(new GetSecretValueCommand({ SecretId: secretId }));
  if (!SecretString) throw new Error(`the secret ${secretId} holds no string`);
  return SecretString;
}
