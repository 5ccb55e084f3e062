import { AppLayout } from './app-layout';

/** The enterprise applicant's shell (to become a light, phone-first layout). */
export function ApplicantLayout() {
  return <AppLayout />;
}
