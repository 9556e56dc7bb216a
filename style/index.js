import './base.css';
import './components.css';
import './data.css';
import './did.css';
import './reana.css';
import './workflowdetail.css';
import './publish.css';
