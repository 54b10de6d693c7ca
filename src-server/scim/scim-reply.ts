import type { FastifyReply, FastifyRequest } from 'fastify';
import { SCIM_CONTENT_TYPE, SCIM_LIST_RESPONSE_SCHEMA } from '../../src-shared/scim-messages.js';

/** Sends a SCIM body with the SCIM media type. */
export function sendScim(reply: FastifyReply, status: number, body: unknown): FastifyReply {
  return reply.code(status).type(`${SCIM_CONTENT_TYPE}; charset=utf-8`).send(JSON.stringify(body));
}

export function listResponse(resources: unknown[], total: number, startIndex: number) {
  return {
    schemas: [SCIM_LIST_RESPONSE_SCHEMA],
    totalResults: total,
    startIndex,
    itemsPerPage: resources.length,
    Resources: resources,
  };
}

/** The SCIM base URL as the client reached it, for meta.location. */
export function scimBaseUrl(request: FastifyRequest): string {
  return `${request.protocol}://${request.host}/scim/v2`;
}
