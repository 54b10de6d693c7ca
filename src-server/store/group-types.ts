export interface GroupMember {
  value: string;
  display: string | null;
}

export interface GroupWrite {
  displayName: string;
  externalId: string | null;
  members: GroupMember[];
}

export interface GroupRecord extends GroupWrite {
  id: string;
  createdAt: string;
  updatedAt: string;
  revision: number;
}
