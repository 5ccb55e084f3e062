import { useCallback } from 'react';
import { useParams } from 'react-router-dom';
import { useActiveSession } from '../../modules/auth/hooks/use-session';
import { InspectionConsole, InspectionConsoleFallback } from '../../modules/inspection/components/live/inspection-console';
import { useInspection } from '../../modules/inspection/hooks/use-inspections';

/** 踏勘室 `/inspections/:inspectionId/live`: the inspector's console of a live remote inspection. */
export function InspectionLivePage() {
  const { inspectionId = '' } = useParams();
  const { user } = useActiveSession();
  // The conclusion's signatures and the location verdict change as colleagues act.
  const inspection = useInspection(inspectionId, { refetchInterval: 20_000 });
  const { refetch } = inspection;
  const reload = useCallback(() => void refetch(), [refetch]);
  if (!inspection.data) return <InspectionConsoleFallback error={inspection.error} isLoading={inspection.isLoading} />;
  return <InspectionConsole inspection={inspection.data} myId={user.id} onReload={reload} />;
}
