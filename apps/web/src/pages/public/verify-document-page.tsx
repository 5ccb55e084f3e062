import { useParams } from 'react-router-dom';
import { DocumentVerification } from '../../modules/catalogue-admin/components/verify/document-verification';

/** `/verify/:code`, outside sign-in: opened by scanning the QR code on an issued document. */
export function VerifyDocumentPage() {
  const { code = '' } = useParams();
  return <DocumentVerification code={code.trim()} />;
}
