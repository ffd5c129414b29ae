// The entry point cdk.json names: `npx cdk synth`, `npx cdk deploy`.
import { createApp } from './leakscan-app.ts';

createApp();
