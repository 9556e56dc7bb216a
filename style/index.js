import './base.css';
import './data.css';
import './reana.css';
import './publish.css';
