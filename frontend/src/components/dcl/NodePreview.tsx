import type { GraphNode } from '../../api/types';
import { previewViewName } from '../../graph/preview';
import { pillText } from '../../graph/nodeStyle';
import { usePreview } from '../../hooks/queries';
import { DataTable } from '../DataTable';
import { ErrorNotice, Loading } from '../ErrorNotice';
import { Modal } from '../Modal';

/** The rows of a clicked graph node's view. */
export function NodePreview({ node, onClose }: { node: GraphNode; onClose: () => void }) {
  const view = previewViewName(node);
  const preview = usePreview(view);
  const title = pillText(node.label, node.type);
  return (
    <Modal title={`Preview: ${title}`} onClose={onClose} testId="node-preview">
      {view === null ? (
        <p className="muted">
          {node.type === 'agent'
            ? 'Agents have no rows of their own: see their findings below the graph.'
            : 'A source system has no rows of its own: pick one of its tables.'}
        </p>
      ) : (
        <>
          <p className="muted">
            View <code>{view}</code>
          </p>
          {preview.isPending && <Loading />}
          <ErrorNotice error={preview.error} />
          {preview.data && <DataTable preview={preview.data} caption={`Rows of ${title}`} />}
        </>
      )}
    </Modal>
  );
}
