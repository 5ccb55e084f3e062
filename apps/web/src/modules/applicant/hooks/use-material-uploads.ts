import type { Material, SessionReply } from '@yuanqu/shared';
import { useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useRef, useState } from 'react';
import { Upload, type DetailedError } from 'tus-js-client';
import { ApiError } from '../../../app/http';
import { SESSION_QUERY_KEY } from '../../auth/hooks/use-session';
import { UPLOADS_ENDPOINT } from '../api';
import type { AttachedFile } from '../application-values';
import { checkFileForMaterial } from '../material-files';

/** Why an upload stopped: refused on this device before sending, or an answer (or silence) from the server. */
export type UploadProblem = { kind: 'client'; reason: 'format' | 'too_large' | 'empty' } | { kind: 'server'; error: ApiError };

/** Where one material's upload stands. A finished upload becomes an attached file and leaves this state. */
export type UploadStatus =
  | { phase: 'uploading'; fileName: string; sizeBytes: number; sentBytes: number }
  | { phase: 'failed'; fileName: string; sizeBytes: number; sentBytes: number; problem: UploadProblem; canResume: boolean };

/**
 * Chunks small enough that a dropped mobile link loses little, large enough to keep requests few.
 * Each chunk is one PATCH; the server keeps what arrived and `HEAD` tells where to go on.
 */
const CHUNK_BYTES = 8 * 1024 * 1024;
/** Automatic retries of a network failure before the user is asked (their own retry resumes, too). */
const RETRY_DELAYS_MS = [0, 1000, 3000, 6000];

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The tus client's failure as the app's ApiError, with the server's code when it answered with one. */
export function toUploadError(error: Error | DetailedError): ApiError {
  const response = 'originalResponse' in error ? error.originalResponse : null;
  if (!response) return new ApiError({ status: 0, code: 'NETWORK', message: error.message });
  const status = response.getStatus();
  let body: unknown;
  try {
    body = JSON.parse(response.getBody());
  } catch {
    body = null;
  }
  const detail = isRecord(body) && isRecord(body.error) ? body.error : null;
  if (detail && typeof detail.code === 'string') {
    return new ApiError({
      status,
      code: detail.code as ApiError['code'],
      message: typeof detail.message === 'string' ? detail.message : error.message,
    });
  }
  return new ApiError({ status, code: status >= 500 ? 'INTERNAL' : 'UNEXPECTED_REPLY', message: error.message });
}

/** A refusal of the file itself (type, size) cannot be resumed; a dropped link or a server hiccup can. */
export function canResumeAfter(error: ApiError): boolean {
  return error.status === 0 || error.status >= 500 || error.status === 409 || error.status === 423 || error.status === 429;
}

/**
 * Resumable uploads of an application's materials (tus against `/api/uploads`), one per material
 * key: progress, automatic retries, a retry that resumes where the bytes stopped (also after a
 * reload, when the same file is chosen again), and the server's refusal of a type or size. The
 * request that delivers the last byte answers `Upload-File-Id`, handed to `onUploaded`.
 */
export function useMaterialUploads(onUploaded: (materialKey: string, file: AttachedFile) => void) {
  const queryClient = useQueryClient();
  const [statuses, setStatuses] = useState<Record<string, UploadStatus>>({});
  const uploads = useRef(new Map<string, Upload>());
  const onUploadedRef = useRef(onUploaded);
  useEffect(() => {
    onUploadedRef.current = onUploaded;
  }, [onUploaded]);

  const setStatus = useCallback((key: string, status: UploadStatus | null) => {
    setStatuses((current) => {
      const next = { ...current };
      if (status) next[key] = status;
      else delete next[key];
      return next;
    });
  }, []);

  // Leaving the page stops the transfers without deleting them: choosing the same file again resumes.
  useEffect(() => {
    const running = uploads.current;
    return () => {
      for (const upload of running.values()) void upload.abort(false);
      running.clear();
    };
  }, []);

  const start = useCallback(
    (material: Material, file: File) => {
      const previous = uploads.current.get(material.key);
      if (previous) void previous.abort(false);
      const base = { fileName: file.name, sizeBytes: file.size, sentBytes: 0 };
      const refusal = checkFileForMaterial(file, material);
      if (refusal) {
        uploads.current.delete(material.key);
        setStatus(material.key, { phase: 'failed', ...base, problem: { kind: 'client', reason: refusal }, canResume: false });
        return;
      }
      let sentBytes = 0;
      const upload = new Upload(file, {
        endpoint: UPLOADS_ENDPOINT,
        chunkSize: CHUNK_BYTES,
        retryDelays: RETRY_DELAYS_MS,
        metadata: { filename: file.name, filetype: file.type },
        // One fingerprint per material and file, so that the same file chosen for two materials
        // does not fight over one upload.
        fingerprint: async (chosen: File) => ['yuanqu', material.key, chosen.name, chosen.size, chosen.lastModified].join('|'),
        storeFingerprintForResuming: true,
        removeFingerprintOnSuccess: true,
        onBeforeRequest: (request) => {
          const session = queryClient.getQueryData<SessionReply | null>(SESSION_QUERY_KEY);
          if (session?.csrfToken) request.setHeader('x-csrf-token', session.csrfToken);
        },
        onProgress: (bytesSent) => {
          sentBytes = bytesSent;
          setStatus(material.key, { phase: 'uploading', ...base, sentBytes: bytesSent });
        },
        onSuccess: ({ lastResponse }) => {
          uploads.current.delete(material.key);
          const fileId = lastResponse.getHeader('Upload-File-Id');
          if (!fileId) {
            const error = new ApiError({
              status: lastResponse.getStatus(),
              code: 'UNEXPECTED_REPLY',
              message: 'The upload finished without a file id',
            });
            setStatus(material.key, { phase: 'failed', ...base, sentBytes, problem: { kind: 'server', error }, canResume: false });
            return;
          }
          setStatus(material.key, null);
          onUploadedRef.current(material.key, { fileId, fileName: file.name, sizeBytes: file.size });
        },
        onError: (failure) => {
          const error = toUploadError(failure);
          const canResume = canResumeAfter(error);
          if (!canResume) uploads.current.delete(material.key);
          setStatus(material.key, { phase: 'failed', ...base, sentBytes, problem: { kind: 'server', error }, canResume });
        },
      });
      uploads.current.set(material.key, upload);
      setStatus(material.key, { phase: 'uploading', ...base });
      void upload
        .findPreviousUploads()
        .then((found) => {
          const latest = found.find((candidate) => candidate.size === file.size);
          if (latest) upload.resumeFromPreviousUpload(latest);
        })
        .catch(() => undefined)
        .finally(() => {
          if (uploads.current.get(material.key) === upload) upload.start();
        });
    },
    [queryClient, setStatus],
  );

  /** Goes on from the last byte the server has. */
  const resume = useCallback((materialKey: string) => {
    const upload = uploads.current.get(materialKey);
    if (!upload) return;
    setStatuses((current) => {
      const status = current[materialKey];
      return status
        ? {
            ...current,
            [materialKey]: { phase: 'uploading', fileName: status.fileName, sizeBytes: status.sizeBytes, sentBytes: status.sentBytes },
          }
        : current;
    });
    upload.start();
  }, []);

  /** Stops and forgets an upload (the partial bytes on the server are deleted). */
  const cancel = useCallback(
    (materialKey: string) => {
      const upload = uploads.current.get(materialKey);
      uploads.current.delete(materialKey);
      if (upload) void upload.abort(true).catch(() => undefined);
      setStatus(materialKey, null);
    },
    [setStatus],
  );

  const isBusy = Object.values(statuses).some((status) => status.phase === 'uploading');
  return { statuses, start, resume, cancel, isBusy };
}
