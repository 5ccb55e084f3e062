import { describe, expect, it } from 'vitest';
// The engine's own description of the layout: the page must offer exactly these m-lines.
import { describeTransceiverLayout as describeEngineLayout } from '../../../../../server/src/modules/inspection/media/media-engine';
import { describeTransceiverLayout } from './peer-connection';

describe('the transceiver layout', () => {
  it.each(['phone', 'inspector'] as const)('is the media engine’s for the %s', (role) => {
    for (const maxInspectors of [2, 4])
      expect(describeTransceiverLayout(role, maxInspectors)).toEqual(describeEngineLayout(role, maxInspectors));
  });
});
