import { useParams } from 'react-router-dom';
import { InspectionConsoleFallback } from '../../modules/inspection/components/live/inspection-console';
import { InspectionReplay } from '../../modules/inspection/components/replay/inspection-replay';
import { useInspection } from '../../modules/inspection/hooks/use-inspections';

/** 踏勘回放 `/inspections/:inspectionId/replay`: the recording with its timeline, for reviewers. */
export function InspectionReplayPage() {
  const { inspectionId = '' } = useParams();
  const inspection = useInspection(inspectionId);
  if (!inspection.data) return <InspectionConsoleFallback error={inspection.error} isLoading={inspection.isLoading} />;
  return <InspectionReplay inspection={inspection.data} />;
}
