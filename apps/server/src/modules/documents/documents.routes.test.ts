import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PublicDocument } from '@yuanqu/shared';
import { createTestApp, createZoneWithUsers, type TestApp } from '../../test/test-app.js';
import { auditEventsOf, expectError, requestSignedOut } from '../../test/route-helpers.js';
import { createFileStorage } from '../files/index.js';
import { createDocumentsService, type DocumentsService } from './documents.service.js';

const FACTS = {
  办件编号: 'XYGX-2026-000007',
  申请单位: '咸阳某某新能源科技有限公司',
  事项: '建设工程规划许可证核发',
  决定: '准予许可',
  决定日期: '2026-03-02',
};

describe('documents routes', () => {
  let testApp: TestApp;
  let service: DocumentsService;
  let workDir: string;

  beforeAll(async () => {
    testApp = await createTestApp();
    workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'yq-documents-routes-'));
    service = createDocumentsService(testApp.database.db, testApp.clock, createFileStorage({ dataDir: workDir }), {
      publicUrl: 'http://localhost:3000',
    });
  });
  afterAll(async () => {
    await testApp.close();
    fs.rmSync(workDir, { recursive: true, force: true });
  });

  async function setUp() {
    const home = await createZoneWithUsers(testApp, ['approver', 'system_admin', 'clerk', 'audit_admin']);
    const other = await createZoneWithUsers(testApp, ['approver']);
    const subjectId = randomUUID();
    const issued = await service.issueDocument(testApp.database.db, {
      zoneId: home.zone.id,
      subjectType: 'case',
      subjectId,
      kind: 'decision',
      title: '准予行政许可决定书',
      facts: FACTS,
      paragraphs: ['咸阳某某新能源科技有限公司：', '本机关决定准予行政许可。'],
      issuerName: '行政审批服务局',
      ownerId: home.clients.approver.userId,
    });
    return { ...home, other, issued, subjectId };
  }

  function revoke(documentId: string, reason: unknown = '申请人以欺骗手段取得许可，依法撤销') {
    return { method: 'POST' as const, url: `/api/documents/${documentId}/revoke`, payload: { reason } };
  }

  describe('GET /api/public/documents/:code', () => {
    it('shows anyone, signed out, the key facts of a valid document', async () => {
      const { zone, issued } = await setUp();
      const response = await requestSignedOut(testApp, { method: 'GET', url: `/api/public/documents/${issued.verificationCode}` });
      expect(response.statusCode, response.body).toBe(200);
      expect(response.json<PublicDocument>()).toEqual({
        title: '准予行政许可决定书',
        kind: 'decision',
        zone: { nameZh: zone.nameZh, nameEn: zone.nameEn },
        facts: { 文书编号: `${zone.nameZh}决字〔2026〕1号`, ...FACTS },
        issuedAt: testApp.clock.now().toISOString(),
        status: 'valid',
        revokedAt: null,
        revokedReason: null,
      });
      expect(response.headers['cache-control']).toBe('no-store');
    });

    it('accepts the code typed in lower case', async () => {
      const { issued } = await setUp();
      const response = await requestSignedOut(testApp, {
        method: 'GET',
        url: `/api/public/documents/${issued.verificationCode.toLowerCase()}`,
      });
      expect(response.json<PublicDocument>().status).toBe('valid');
    });

    it('answers 404 for an unknown or malformed code', async () => {
      await setUp();
      for (const code of ['AAAAAAAAAAAAAAAAAAAAAAAAAA', 'not-a-code', '%E4%B8%AD%E6%96%87']) {
        expectError(await requestSignedOut(testApp, { method: 'GET', url: `/api/public/documents/${code}` }), 'NOT_FOUND');
      }
    });

    it('limits lookups to 60 a minute per address', async () => {
      const { issued } = await setUp();
      const remoteAddress = '203.0.113.77';
      const lookup = () => testApp.app.inject({ method: 'GET', url: `/api/public/documents/${issued.verificationCode}`, remoteAddress });
      for (let attempt = 0; attempt < 60; attempt += 1) expect((await lookup()).statusCode).toBe(200);
      expectError(await lookup(), 'RATE_LIMITED');
      // Another address is not held back.
      expect((await requestSignedOut(testApp, { method: 'GET', url: `/api/public/documents/${issued.verificationCode}` })).statusCode).toBe(
        200,
      );
    });
  });

  describe('POST /api/documents/:id/revoke', () => {
    it('refuses a signed-out caller', async () => {
      const { issued } = await setUp();
      expectError(await requestSignedOut(testApp, revoke(issued.id)), 'AUTH_REQUIRED');
    });

    it('refuses roles other than the system admin and the approver', async () => {
      const { clients, issued } = await setUp();
      expectError(await clients.clerk.request(revoke(issued.id)), 'FORBIDDEN');
      expectError(await clients.audit_admin.request(revoke(issued.id)), 'FORBIDDEN');
    });

    it('does not find a document of another zone', async () => {
      const { other, issued } = await setUp();
      expectError(await other.clients.approver.request(revoke(issued.id)), 'NOT_FOUND');
      expectError(await other.clients.approver.request(revoke(randomUUID())), 'NOT_FOUND');
    });

    it('names an invalid reason or id', async () => {
      const { clients, issued } = await setUp();
      expectError(await clients.approver.request(revoke(issued.id, '')), 'VALIDATION_FAILED', 'body.reason', 'minLength');
      expectError(await clients.approver.request(revoke(issued.id, '   ')), 'VALIDATION_FAILED', 'body.reason', 'blank');
      expectError(await clients.approver.request(revoke(issued.id, 'x'.repeat(501))), 'VALIDATION_FAILED', 'body.reason', 'maxLength');
      expectError(
        await clients.approver.request({ method: 'POST', url: `/api/documents/${issued.id}/revoke`, payload: {} }),
        'VALIDATION_FAILED',
        'body.reason',
        'required',
      );
      expectError(await clients.approver.request(revoke('not-a-uuid')), 'VALIDATION_FAILED', 'params.id', 'format');
    });

    it('revokes: the verification page then says revoked, with the reason, and the audit trail records it', async () => {
      const { clients, issued, subjectId } = await setUp();
      testApp.clock.advance(60_000);
      const response = await clients.approver.request(revoke(issued.id, '  申请人以欺骗手段取得许可，依法撤销  '));
      expect(response.statusCode, response.body).toBe(200);
      expect(response.json()).toEqual({ ok: true });

      const page = await requestSignedOut(testApp, { method: 'GET', url: `/api/public/documents/${issued.verificationCode}` });
      expect(page.json<PublicDocument>()).toMatchObject({
        status: 'revoked',
        revokedAt: testApp.clock.now().toISOString(),
        revokedReason: '申请人以欺骗手段取得许可，依法撤销',
        facts: expect.objectContaining(FACTS),
      });

      const [event] = await auditEventsOf(clients.audit_admin, { action: 'document.revoke' });
      expect(event).toMatchObject({
        action: 'document.revoke',
        actorId: clients.approver.userId,
        targetType: 'document',
        targetId: issued.id,
        outcome: 'success',
        requestId: response.headers['x-request-id'],
        details: { reason: '申请人以欺骗手段取得许可，依法撤销', kind: 'decision' },
      });
      const [summary] = await service.findDocumentsOf(testApp.database.db, 'case', subjectId);
      expect(summary).toMatchObject({ id: issued.id, revokedAt: testApp.clock.now().toISOString() });
    });

    it('lets the system admin revoke too, and refuses revoking twice', async () => {
      const { clients, issued } = await setUp();
      expect((await clients.system_admin.request(revoke(issued.id))).statusCode).toBe(200);
      expectError(await clients.approver.request(revoke(issued.id, '再次撤销')), 'DOCUMENT_REVOKED');
      const page = await requestSignedOut(testApp, { method: 'GET', url: `/api/public/documents/${issued.verificationCode}` });
      expect(page.json<PublicDocument>().revokedReason).toBe('申请人以欺骗手段取得许可，依法撤销');
    });
  });
});
