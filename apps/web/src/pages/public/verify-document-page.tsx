import { Result } from 'antd';

/** Placeholder until this page is built. */
export function VerifyDocumentPage() {
  return <Result status="info" title="VerifyDocumentPage" />;
}
