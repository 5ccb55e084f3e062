import { describe, expect, it } from 'vitest';
import { DetailedError, type HttpRequest, type HttpResponse } from 'tus-js-client';
import { canResumeAfter, toUploadError } from './use-material-uploads';

function failure(status: number, body: string): DetailedError {
  const response: HttpResponse = {
    getStatus: () => status,
    getHeader: () => undefined,
    getBody: () => body,
    getUnderlyingObject: () => null,
  };
  const error = new DetailedError('tus: unexpected response');
  error.originalRequest = {} as HttpRequest;
  error.originalResponse = response;
  return error;
}

describe('toUploadError', () => {
  it('keeps the server’s code for a refused type, which cannot be resumed', () => {
    const error = toUploadError(failure(415, JSON.stringify({ error: { code: 'FILE_TYPE_NOT_ALLOWED', message: 'Only pdf, jpg …' } })));
    expect(error).toMatchObject({ status: 415, code: 'FILE_TYPE_NOT_ALLOWED' });
    expect(canResumeAfter(error)).toBe(false);
  });

  it('reads a lost connection as NETWORK, which can be resumed', () => {
    const error = toUploadError(new Error('tus: failed to upload chunk'));
    expect(error).toMatchObject({ status: 0, code: 'NETWORK' });
    expect(canResumeAfter(error)).toBe(true);
  });

  it('reads a reply without a coded body by its status', () => {
    expect(toUploadError(failure(502, '<html>Bad gateway</html>'))).toMatchObject({ status: 502, code: 'INTERNAL' });
    expect(canResumeAfter(toUploadError(failure(502, '')))).toBe(true);
    expect(toUploadError(failure(404, ''))).toMatchObject({ code: 'UNEXPECTED_REPLY' });
  });
});
