// The module placed beside the page (made from shared/thai-labels.ts at deploy, served by the local stack).
export const TYPE_LABELS: Record<string, string>;
export const STATUS_LABELS: Record<string, string>;
export const SEVERITY_LABELS: Record<string, string>;
