/** One schema step. Migrations are append-only: a shipped migration is never edited, only followed. */
export interface Migration {
  readonly version: number;
  readonly name: string;
  readonly sql: string;
}
