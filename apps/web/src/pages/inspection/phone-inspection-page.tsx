import { useParams } from 'react-router-dom';
import { PhoneInspectionScreen } from '../../modules/inspection/phone/phone-inspection';

/** `/inspect/:token`, outside sign-in: the applicant's phone, opened from the SMS link or the QR code. */
export function PhoneInspectionPage() {
  const { token = '' } = useParams();
  return <PhoneInspectionScreen token={token} />;
}
