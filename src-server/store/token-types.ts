export interface ScimTokenRecord {
  id: string;
  name: string;
  createdAt: string;
  revokedAt: string | null;
}
