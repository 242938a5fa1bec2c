import Markdown, { type Components } from 'react-markdown';
import remarkGfm from 'remark-gfm';

// Links leave the dashboard in a new tab without handing it a window reference.
const components: Components = {
  a: ({ node: _node, ...props }) => <a {...props} target="_blank" rel="noopener noreferrer nofollow" />,
};

/**
 * Markdown of a text widget, rendered to React elements (no innerHTML): raw HTML in the source is
 * dropped (`skipHtml`), link and image addresses pass react-markdown's safe-protocol filter
 * (http, https, mailto, relative), so a definition cannot inject script. GFM adds tables, task
 * lists and strikethrough. Loaded lazily: dashboards without markdown never fetch it.
 */
export default function MarkdownText({ source }: { source: string }) {
  return (
    <div className="tg-md" data-testid="markdown">
      <Markdown remarkPlugins={[remarkGfm]} skipHtml components={components}>
        {source}
      </Markdown>
    </div>
  );
}
