import { Result } from 'antd';

/** Placeholder until this page is built. */
export function CatalogueAdminPage() {
  return <Result status="info" title="CatalogueAdminPage" />;
}
